// The legacy (pre-proto) formats: Go's ?debug=1/2 text and the older
// C++/Java formats go tool pprof still reads. Each recognises itself from the
// start of the file; decode/index.ts tries them before profile.proto.

import type { Profile } from '../model/profile';
import type { Steps } from '../progress';

export interface LegacyFormat {
  /** Short name for messages and tests. */
  name: string;
  /** `head` is the first few KiB decoded as Latin-1. */
  detect(head: string, bytes: Uint8Array): boolean;
  parse(bytes: Uint8Array): Steps<Profile>;
}

export const legacyFormats: LegacyFormat[] = [];
