import { METHODS } from './constants.js';
import { drive } from './drive.js';
import { FichierError, toFichierError } from './error.js';
import { toFileSources } from './inputs.js';

/**
 * Builds the public `Client` class of one runtime. `runtime.wasm()` sets the wasm up on first
 * use and returns its bindings; `runtime.sendBody` posts upload bodies; `runtime.statPath`
 * resolves file paths where there is a file system. Every method is a core task driven by
 * `drive`: the core reads the arguments, decides every request and wait, and decodes the
 * answers.
 */
export function defineClient(runtime) {
  class Client {
    #core;

    /** @param {import('../index').ClientOptions} [options] */
    constructor(options) {
      try {
        this.#core = new (runtime.wasm().Core)(options);
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }

    get apiBase() {
      return this.#core.apiBase;
    }

    get hasApiKey() {
      return this.#core.hasApiKey;
    }

    /** Files stay in JS and are streamed by the runtime's sender; the core runs the flow. */
    async upload(files, options) {
      try {
        const sources = await toFileSources(files, runtime.statPath);
        const specs = sources.map(({ name, size }) => ({ name, size }));
        const onProgress = ownValue(options, 'onProgress');
        const signal = signalOf([options]);
        const task = this.#core.task('upload', [specs, options]);
        return await drive(task, signal, (request) => runtime.sendBody(request, sources, { onProgress, signal }));
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }

    // One method per name of the core; defined here so that they can reach `#core`.
    static {
      for (const name of METHODS) {
        if (name === 'upload') continue;
        Object.defineProperty(Client.prototype, name, {
          value: async function (...args) {
            try {
              const signal = signalOf(args);
              return await drive(this.#core.task(name, args), signal);
            } catch (thrown) {
              throw toFichierError(thrown);
            }
          },
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return Client;
}

/**
 * The `signal` of a call: an own data property of its options object. Read here because the
 * driver honours it; the core accepts the key and checks everything else.
 */
function signalOf(args) {
  for (const arg of args) {
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) continue;
    const signal = ownValue(arg, 'signal');
    if (signal === undefined || signal === null) continue;
    if (typeof AbortSignal === 'function' && signal instanceof AbortSignal) return signal;
    throw new FichierError('invalid_input', 'signal must be an AbortSignal.');
  }
  return undefined;
}

/** An own data property of an options object (the core checks everything else). */
function ownValue(options, key) {
  if (options === null || typeof options !== 'object') return undefined;
  try {
    return Object.getOwnPropertyDescriptor(options, key)?.value;
  } catch {
    throw new FichierError('invalid_input', 'The options could not be read.');
  }
}
