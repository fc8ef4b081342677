// Says what a file that is not a profile looks like, so the error names the
// real problem ("an HTML page titled 502 Bad Gateway") and not just "invalid".

export const FORMATS_WE_READ =
  'heapdiff reads pprof profiles (profile.proto, gzipped or not, as served by /debug/pprof/*), ' +
  'Go legacy text profiles (heap/allocs ?debug=1, goroutine/threadcreate ?debug=1, goroutine ?debug=2 dumps and panic tracebacks) ' +
  'and the legacy formats go tool pprof reads (gperftools CPU, heapz/growthz, contentionz, threadz, Java).';

export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'The file is empty.';
  const head = latin1(bytes.subarray(0, 4096));
  const trimmed = head.replace(/^\uFEFF/, '').trimStart();
  if (/^(<!doctype html|<html|<head|<body|<title|<meta|<\?xml[^>]*>\s*<html)/i.test(trimmed) || /<html[\s>]/i.test(trimmed.slice(0, 512))) {
    const title = /<title[^>]*>([^<]{0,120})/i.exec(head)?.[1]?.trim();
    return `This is an HTML page${title ? ` titled "${title}"` : ''}, not a profile — perhaps an error page or a login page saved instead of the profile.`;
  }
  if (/^[[{]/.test(trimmed)) {
    return `This looks like JSON ("${firstLine(trimmed)}"), not a profile.`;
  }
  if (isMostlyText(bytes.subarray(0, 4096))) {
    return `This is plain text starting with "${firstLine(trimmed)}", not a format heapdiff recognises.`;
  }
  const magic = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const known = knownBinary(bytes);
  return `This is binary data (${known ?? `first bytes ${magic}`}) that is neither gzip nor a profile.proto.`;
}

function knownBinary(b: Uint8Array): string | undefined {
  const m = (s: number[]) => s.every((v, i) => b[i] === v);
  if (m([0x7f, 0x45, 0x4c, 0x46])) return 'an ELF executable — did you drop the binary instead of its profile?';
  if (m([0x50, 0x4b, 0x03, 0x04])) return 'a zip archive — unzip it first';
  if (m([0x28, 0xb5, 0x2f, 0xfd])) return 'zstd-compressed data — decompress it first';
  if (m([0x42, 0x5a, 0x68])) return 'bzip2-compressed data — decompress it first';
  if (m([0xfd, 0x37, 0x7a, 0x58, 0x5a])) return 'xz-compressed data — decompress it first';
  if (m([0x89, 0x50, 0x4e, 0x47])) return 'a PNG image';
  if (m([0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
  return undefined;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/, 1)[0] ?? '';
  const clean = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

/** Text if nearly every byte is printable ASCII, whitespace or part of UTF-8. */
export function isMostlyText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0) return false;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) bad++;
  }
  return bad * 100 < b.length;
}
