import { FichierError } from './error.js';

/**
 * Reports bytes to the caller's `onProgress`: `{ sent, total }` for an upload, `{ received,
 * total }` for a download. A callback that throws is the caller's mistake, not a network
 * failure: the transfer stops with `invalid_input` and the callback's error as `cause`.
 */
export function progressReporter(onProgress, total, what = 'upload', field = 'sent') {
  return (bytes) => {
    if (!onProgress) return;
    try {
      onProgress({ [field]: bytes, total });
    } catch (error) {
      throw new FichierError('invalid_input', `${what}: onProgress threw: ${error?.message ?? String(error)}`, {
        cause: error,
      });
    }
  };
}
