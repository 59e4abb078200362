import { RETRYABLE_CODES } from './constants.js';

/**
 * Every failure of the package rejects with a FichierError: `code` is stable and meant for
 * programs, `message` is one sentence meant for people. The API key never appears in either.
 */
export class FichierError extends Error {
  /**
   * @param {string} code one of ERROR_CODES
   * @param {string} message
   * @param {{ status?: number, serverMessage?: string, retryable?: boolean, details?: object, cause?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'FichierError';
    this.code = code;
    this.status = extra.status ?? 0;
    this.serverMessage = extra.serverMessage ?? '';
    this.retryable = extra.retryable ?? RETRYABLE_CODES.includes(code);
    if (extra.details !== undefined) this.details = extra.details;
  }

  /**
   * Any copy of the class recognises the others' errors: the chunks loaded on first use (the
   * download streamer) and a second copy of the package (CommonJS next to ESM) each carry one.
   */
  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === 'FichierError' && typeof value.code === 'string';
  }
}

/** Turns what the wasm core or a body sender threw into a FichierError. */
export function toFichierError(thrown) {
  if (thrown instanceof FichierError) return thrown;
  const isRecord =
    thrown !== null &&
    typeof thrown === 'object' &&
    typeof thrown.code === 'string' &&
    typeof thrown.message === 'string' &&
    'serverMessage' in thrown;
  if (isRecord) return new FichierError(thrown.code, thrown.message, thrown);
  // Anything else is a fault of this package or of the runtime (a wasm trap): still a
  // FichierError, as promised, with the original kept as `cause`.
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return new FichierError('api', `Internal error of the onefichier client: ${detail}`, {
    cause: thrown,
    retryable: false,
  });
}
