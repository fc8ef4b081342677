// Reading profile.proto (gzip already undone, core/decode) into the
// columnar model: decode.ts drives it, samples.ts decodes the samples,
// wire.ts reads protobuf's wire format.

export { decodeProto } from './decode';
export { decodeProtoInflating, type InflatingBytes } from './inflating';
