// The largest file the page reads, checked before reading: a small module
// of its own, so the page can import it without the decoders.

import { ProfileError } from './errors';
import { formatBytes } from './format';
/**
 * Largest file the page reads. A file is read whole into one ArrayBuffer
 * (Chromium refuses more than 2 GiB), and its decoded columns take a few
 * times its raw size again; past 1 GiB a tab runs out of memory before it
 * is done, so the file is refused before a byte is read.
 */
export const MAX_FILE_SIZE = 1 << 30;

/** The error for a file over `limit` bytes, or null; checked before reading it. */
export function fileTooLarge(size: number, limit = MAX_FILE_SIZE): ProfileError | null {
  if (size <= limit) return null;
  return new ProfileError(
    'too-large',
    `The file is ${formatBytes(size)} (${size} bytes): more than the ${formatBytes(limit)} this viewer reads. ` +
      'A heap profile is rarely over 100 MB; was the right file chosen?',
  );
}
