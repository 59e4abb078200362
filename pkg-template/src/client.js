import { METHODS } from './constants.js';
import { FichierError, toFichierError } from './error.js';
import { toFileSources } from './inputs.js';

/**
 * Builds the public `Client` class of one runtime. `runtime.wasm()` sets the wasm up on first
 * use and returns its bindings; `runtime.sendBody` posts upload bodies; `runtime.statPath`
 * resolves file paths where there is a file system. Every method is `Core.run(name, args)`:
 * the core reads the arguments, runs the calls and decodes the answers.
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
        const signal = ownValue(options, 'signal');
        const send = (request) => runtime.sendBody(request, sources, { onProgress, signal });
        return await this.#core.run('upload', [specs, options], send);
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
              return await this.#core.run(name, args);
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

/** An own data property of an options object (the core checks everything else). */
function ownValue(options, key) {
  if (options === null || typeof options !== 'object') return undefined;
  try {
    return Object.getOwnPropertyDescriptor(options, key)?.value;
  } catch {
    throw new FichierError('invalid_input', 'upload: the options could not be read.');
  }
}
