import { FichierError } from './error.js';

/**
 * Reports `{ sent, total }` file bytes to the caller's `onProgress`. A callback that throws
 * is the caller's mistake, not a network failure: the upload stops with `invalid_input`
 * and the callback's error as `cause`.
 */
export function progressReporter(onProgress, total) {
  return (sent) => {
    if (!onProgress) return;
    try {
      onProgress({ sent, total });
    } catch (error) {
      throw new FichierError('invalid_input', `upload: onProgress threw: ${error?.message ?? String(error)}`, {
        cause: error,
      });
    }
  };
}
