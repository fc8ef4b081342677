// A decode's outcome as data: its profile and size, or its error's code and
// message, so that two ways of decoding a file compare whole, errors included.

import { isProfileError } from '../../src/core/errors';

export type Outcome = { profile: unknown; rawSize: number } | { code: string; message: string };

export function outcomeOf(run: () => { profile: unknown; rawSize: number }): Outcome {
  try {
    const { profile, rawSize } = run();
    return { profile, rawSize };
  } catch (e) {
    if (!isProfileError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}
