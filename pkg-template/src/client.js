import { FichierError, toFichierError } from './error.js';
import { toFileSources } from './inputs.js';

/**
 * Builds the public `Client` class over the wasm `Core` of one runtime.
 * `runtime.ready()` throws until the wasm is initialised (only `onefichier/slim` can be
 * used before that); `runtime.sendBody` posts the upload body; `runtime.statPath` resolves
 * file paths where there is a file system.
 */
export function defineClient(runtime) {
  return class Client {
    #core;

    /** @param {import('../index').ClientOptions} [options] */
    constructor(options = {}) {
      runtime.ready();
      try {
        this.#core = new runtime.Core(options);
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

    userInfo() {
      return this.#call((core) => core.userInfo());
    }
    setUserSettings(settings) {
      return this.#call((core) => core.setUserSettings(settings));
    }
    listFolder(folderId = 0, options = {}) {
      return this.#call((core) => core.listFolder(folderId, options));
    }
    createFolder(name, options = {}) {
      return this.#call((core) => core.createFolder(name, options));
    }
    removeFolder(folderId) {
      return this.#call((core) => core.removeFolder(folderId));
    }
    moveFolder(folderId, options = {}) {
      return this.#call((core) => core.moveFolder(folderId, options));
    }
    shareFolder(folderId, options = {}) {
      return this.#call((core) => core.shareFolder(folderId, options));
    }
    listFiles(folderId = 0, options = {}) {
      return this.#call((core) => core.listFiles(folderId, options));
    }
    fileInfo(url, options = {}) {
      return this.#call((core) => core.fileInfo(url, options));
    }
    removeFiles(urls) {
      return this.#call((core) => core.removeFiles(urls));
    }
    moveFiles(urls, folderId, options = {}) {
      return this.#call((core) => core.moveFiles(urls, folderId, options));
    }
    copyFiles(urls, folderId = 0, options = {}) {
      return this.#call((core) => core.copyFiles(urls, folderId, options));
    }
    renameFiles(renames) {
      return this.#call((core) => core.renameFiles(renames));
    }
    setFileAttributes(urls, attributes) {
      return this.#call((core) => core.setFileAttributes(urls, attributes));
    }
    scanFile(url) {
      return this.#call((core) => core.scanFile(url));
    }
    downloadLink(url, options = {}) {
      return this.#call((core) => core.downloadLink(url, options));
    }
    remoteUpload(urls, options = {}) {
      return this.#call((core) => core.remoteUpload(urls, options));
    }
    remoteJobs() {
      return this.#call((core) => core.remoteJobs());
    }
    remoteJob(id) {
      return this.#call((core) => core.remoteJob(id));
    }
    waitForRemoteJob(id, options = {}) {
      return this.#call((core) => core.waitForRemoteJob(id, options));
    }
    ftpUsers() {
      return this.#call((core) => core.ftpUsers());
    }
    addFtpUser(user, password, options = {}) {
      return this.#call((core) => core.addFtpUser(user, password, options));
    }
    removeFtpUser(user) {
      return this.#call((core) => core.removeFtpUser(user));
    }
    processFtp() {
      return this.#call((core) => core.processFtp());
    }

    /** Files stay in JS and are streamed by the runtime's sender; the core runs the flow. */
    upload(files, options = {}) {
      return this.#call(async (core) => {
        if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
          throw new FichierError('invalid_input', 'onProgress must be a function.');
        }
        const sources = await toFileSources(files, runtime.statPath);
        const specs = sources.map(({ name, size }) => ({ name, size }));
        return core.upload(specs, options, (request) => runtime.sendBody(request, sources, options));
      });
    }

    async #call(run) {
      try {
        return await run(this.#core);
      } catch (thrown) {
        throw toFichierError(thrown);
      }
    }
  };
}
