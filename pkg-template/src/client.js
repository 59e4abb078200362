import { METHODS } from './constants.js';
import { drive } from './drive.js';
import { FichierError, toFichierError } from './error.js';
import { toFileSources } from './inputs.js';

/**
 * Builds the public `Client` class of one runtime. `runtime.wasm()` sets the wasm up on first
 * use and returns its bindings; `runtime.sendBody` posts upload bodies; `runtime.statPath`
 * resolves file paths and `runtime.saveDownload` writes downloads where there is a file system. Every method is a core task driven by
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
        // With `verify`, the files are hashed while they are sent (upload-check.js, loaded then).
        const check =
          ownValue(options, 'verify') === true &&
          (await import('./upload-check.js')).startUploadCheck(sources, runtime.chunksOf);
        try {
          const result = await drive(task, signal, (request) =>
            runtime.sendBody(request, sources, { onProgress, signal }),
          );
          return check ? await check.check(result, this, signal) : result;
        } finally {
          if (check) check.stop();
        }
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }

    /** The core reads the options and asks for the one-time link; the runtime streams it. */
    async download(url, options) {
      try {
        const signal = signalOf([options]);
        const { directUrl } = await drive(this.#core.task('download', [url, options]), signal);
        // The streamer is a chunk of its own, loaded on first use: pages that never download skip it.
        const { streamDownload } = await import('./download.js');
        return await streamDownload({
          directUrl,
          offset: ownValue(options, 'offset') ?? 0,
          signal,
          onProgress: ownValue(options, 'onProgress'),
          expected: await this.#expectedHash(url, options, signal),
        });
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }

    /** Node only: into `<path>.part`, resumed after a cut, renamed to `path` once whole (and verified). */
    async downloadToFile(url, path, options) {
      try {
        if (!runtime.saveDownload)
          throw new FichierError('invalid_input', 'downloadToFile works only in Node; use download() and its body.');
        const signal = signalOf([options]);
        const { directUrl } = await drive(this.#core.task('downloadToFile', [url, path, options]), signal);
        return await runtime.saveDownload({
          path,
          resume: ownValue(options, 'resume') ?? true,
          directUrl,
          expected: await this.#expectedHash(url, options, signal),
          signal,
          onProgress: ownValue(options, 'onProgress'),
        });
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }

    /**
     * Every file and folder under `folderId`, depth first: `{ path, file }` for the files of a
     * folder, then `{ path, folder }` for each sub-folder and what it holds. Paths use `/`;
     * a folder's ends with `/`. One listing per folder, paced like every call.
     */
    async *walk(folderId, options) {
      try {
        const signal = signalOf([options]);
        const sharingUser = ownValue(options, 'sharingUser');
        const root = await drive(this.#core.task('walk', [folderId, options]), signal);
        yield* this.#walkListing(root, '', {
          files: true,
          signal,
          ...(sharingUser === undefined ? {} : { sharingUser }),
        });
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }

    async *#walkListing(listing, prefix, options) {
      // 1fichier lists at most 5000 files a folder: a walk that missed some would mislead a sync.
      if (listing.fileCount > listing.files.length)
        throw new FichierError(
          'api',
          `Folder "${prefix || listing.name}" holds ${listing.fileCount} files but 1fichier lists ${listing.files.length}: walk() cannot see them all.`,
          { retryable: false },
        );
      for (const file of listing.files) yield { path: `${prefix}${file.name}`, file };
      for (const folder of listing.folders) {
        const path = `${prefix}${folder.name}/`;
        yield { path, folder };
        yield* this.#walkListing(await this.listFolder(folder.id, options), path, options);
      }
    }

    /** With `verify`, the Whirlpool 1fichier has for the file (file/info), else null. */
    async #expectedHash(url, options, signal) {
      if (ownValue(options, 'verify') !== true) return null;
      const password = ownValue(options, 'password');
      const { whirlpool } = await this.fileInfo(url, { ...(password === undefined ? {} : { password }), signal });
      if (!/^[0-9a-f]{128}$/i.test(whirlpool))
        throw new FichierError('api', '1fichier gave no Whirlpool hash for this file, so it cannot be verified.', {
          retryable: false,
        });
      return whirlpool.toLowerCase();
    }

    // One method per name of the core; defined here so that they can reach `#core`.
    static {
      for (const name of METHODS) {
        if (['upload', 'download', 'downloadToFile', 'walk'].includes(name)) continue;
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
