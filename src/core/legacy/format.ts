// What every legacy format module exports: a detector and a parser. In its
// own module so the formats and the list in index.ts do not import each other.

import type { Profile } from '../model';
import type { Steps } from '../progress';

/** The most of a file a detector reads: a goroutine dump's panic can follow a long log. */
export const DETECT_BYTES = 1 << 20;

export interface LegacyFormat {
  /** Short name for messages and tests. */
  name: string;
  /** `head` is the first few KiB decoded as Latin-1; `bytes` the file, of which the first DETECT_BYTES are read at most. */
  detect(head: string, bytes: Uint8Array): boolean;
  parse(bytes: Uint8Array): Steps<Profile>;
}
