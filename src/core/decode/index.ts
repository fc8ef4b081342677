// Bytes of a dropped file → Profile (decode.ts), and in Node, a gzip file
// read as it inflates on another thread (inflating.ts).

export { decodeProfile, type DecodeOptions, type Decoded } from './decode';
export { decodeProfileInflating } from './inflating';
export { DEFAULT_INFLATE_LIMIT, isGzip } from './gzip';
export { OVER_LIMIT, type InflateElsewhere, type InflateJob, type NativeGunzip } from './native';
export type { InflatingBytes } from '../proto';
export { fileTooLarge, MAX_FILE_SIZE } from '../limits';
