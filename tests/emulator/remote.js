// Remote-upload jobs, run `remoteDelayMs` after remote/request.cgi. Loopback URLs are really
// fetched; hosts under `.invalid` fail; any other URL (there is no network here) is simulated as
// a success with generated content. A job's `result` and `executionDate` appear once every URL is done.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { contentTypeFor, dispositionFilename, parisDate } from './util.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 5;
const FETCH_TIMEOUT_MS = 30_000;
const SIMULATED_MAX_SIZE = 8 * 2 ** 20;
const ERROR_REASONS = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ENOTFOUND: 'Could not resolve host',
};

function lastPathSegment(url) {
  const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
  if (!segment) return 'index.html';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class RemoteRunner {
  constructor({ model, blobs, delayMs }) {
    this.model = model;
    this.blobs = blobs;
    this.delayMs = delayMs;
    this.timers = new Set();
    this.requests = new Set();
  }

  schedule(job) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.#run(job).catch(() => {}); // only reachable when the emulator is torn down mid-job
    }, this.delayMs);
    this.timers.add(timer);
  }

  /** Forgets pending jobs and aborts running fetches (reset, close). */
  cancelAll() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.requests) request.destroy();
    this.requests.clear();
  }

  async #run(job) {
    const data = this.model.data; // a reset replaces it: results of an older generation are dropped
    const result = [];
    for (const url of job.urls) {
      let obtained;
      let failure;
      try {
        obtained = await this.#obtain(url, job.headers);
      } catch (err) {
        failure = err;
      }
      if (this.model.data !== data) return;
      if (failure) {
        const reason = ERROR_REASONS[failure.code] ?? failure.message;
        result.push({ status: 'KO', url, download_link: '', message: `Download error: ${reason}` });
        continue;
      }
      const folderId = this.model.folder(job.folderId) ? job.folderId : 0;
      const file = this.model.addFile({ owner: job.owner, folderId, ...obtained });
      result.push({ status: 'OK', url, download_link: file.url, message: '' });
    }
    Object.assign(job, { result, executionDate: parisDate() });
  }

  /** { filename, contentType, content } for one URL, or throws with the reason it failed. */
  async #obtain(url, headers) {
    const { hostname } = new URL(url);
    if (hostname.endsWith('.invalid')) throw Object.assign(new Error(hostname), { code: 'ENOTFOUND' });
    if (LOOPBACK_HOSTS.has(hostname) || hostname.startsWith('127.'))
      return this.#store(await this.#fetch(url, headers));
    const filename = lastPathSegment(url);
    const size = 1024 + (createHash('sha256').update(url).digest().readUInt32BE(0) % SIMULATED_MAX_SIZE);
    return { filename, contentType: contentTypeFor(filename), content: this.blobs.pattern(url, size) };
  }

  /** Resolves { response, finalUrl } for a 200 answer, following redirects. */
  #fetch(url, headers, redirectsLeft = MAX_REDIRECTS) {
    return new Promise((resolve, reject) => {
      const client = url.startsWith('https:') ? https : http;
      const request = client.get(
        url,
        { headers: { 'user-agent': '1fichier.com remote upload', ...headers }, timeout: FETCH_TIMEOUT_MS },
        (response) => {
          this.requests.delete(request);
          const {
            statusCode,
            headers: { location },
          } = response;
          if (statusCode >= 300 && statusCode < 400 && location) {
            response.resume();
            if (!redirectsLeft) return reject(new Error('Too many redirects'));
            return resolve(this.#fetch(new URL(location, url).href, headers, redirectsLeft - 1));
          }
          if (statusCode !== 200) {
            response.resume();
            return reject(new Error(`HTTP error ${statusCode}`));
          }
          resolve({ response, finalUrl: url });
        },
      );
      this.requests.add(request);
      request.on('timeout', () => request.destroy(new Error('Timeout')));
      request.on('error', (err) => {
        this.requests.delete(request);
        reject(err);
      });
    });
  }

  async #store({ response, finalUrl }) {
    const writer = this.blobs.createWriter();
    try {
      for await (const chunk of response) await writer.write(chunk);
    } catch (err) {
      writer.abort();
      throw err;
    }
    const content = await writer.end();
    if (!content.size) {
      this.blobs.release(content.blob, false);
      throw new Error('Empty file');
    }
    const filename = dispositionFilename(response.headers['content-disposition']) ?? lastPathSegment(finalUrl);
    return { filename, contentType: contentTypeFor(filename, response.headers['content-type']), content };
  }
}
