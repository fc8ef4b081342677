// Every way a file can fail to load has its own code, so the page, the CLI
// and the tests can tell a truncated download from an HTML error page.

export type ProfileErrorCode =
  | 'empty'
  | 'too-large' // refused before reading
  | 'inflate-limit' // decompression output cap reached (a bomb, or a cap set too low)
  | 'gzip-truncated'
  | 'gzip-corrupt'
  | 'proto-malformed'
  | 'text-malformed'
  | 'binary-malformed' // a legacy binary CPU profile (gperftools, Go ≤ 1.8, Java) cut short or damaged
  | 'unrecognized'
  | 'cancelled';

export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  constructor(code: ProfileErrorCode, message: string) {
    super(message);
    this.name = 'ProfileError';
    this.code = code;
  }
}

export function isProfileError(e: unknown): e is ProfileError {
  return e instanceof ProfileError || (typeof e === 'object' && e !== null && (e as ProfileError).name === 'ProfileError');
}
