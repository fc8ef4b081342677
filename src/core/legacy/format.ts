// What every legacy format module exports: a detector and a parser. In its
// own module so the formats and the list in index.ts do not import each other.

import type { Profile } from '../model';
import type { Steps } from '../progress';

export interface LegacyFormat {
  /** Short name for messages and tests. */
  name: string;
  /** `head` is the first few KiB decoded as Latin-1. */
  detect(head: string, bytes: Uint8Array): boolean;
  parse(bytes: Uint8Array): Steps<Profile>;
}
