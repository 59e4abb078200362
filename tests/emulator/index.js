// Local emulator of the 1fichier.com HTTP API (api server) and of an upload node (upload server).
// See README.md for the options, the faults, the control API and the choices made where the
// fact base (shared/docs/1fichier-api.md) is silent.
import http from 'node:http';
import https from 'node:https';
import { Api, markStrict } from './api.js';
import { BlobStore } from './blobs.js';
import { handleControl } from './control.js';
import { ApiError, createErrorCatalogue } from './errors.js';
import { Faults } from './faults.js';
import { DEFAULT_ACCOUNTS, Model } from './model.js';
import { RateLimiter } from './rate-limits.js';
import { RemoteRunner } from './remote.js';
import { CORS_HEADERS, jsonReply, koReply, nginxErrorReply, send, waitPageReply } from './replies.js';
import { drain, noFileReply, UploadHost } from './upload.js';
import { bearerKey, contentDisposition, contentTypeFor, randomString, readBody, sleep } from './util.js';
import { publicFolderReply } from './website.js';

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  uploadPort: null,
  directPort: null,
  cors: false,
  accounts: DEFAULT_ACCOUNTS,
  rateLimits: false,
  floodLockMs: 60_000,
  remoteDelayMs: 300,
  endPendingPolls: 1,
  uploadRedirect: true,
  strict: false,
  checksum: 'whirlpool',
  tls: null,
  realHostNames: false,
  log: false,
  errorNumbers: {},
};
const MAX_RECORDED_REQUESTS = 10_000; // oldest dropped beyond this, so a long demo stays bounded
const TOKEN_START_MS = 5 * 60_000; // a download link must be used within 5 minutes…
const TOKEN_RESUME_MS = 30 * 60_000; // …and can then be fetched again (resumed) for 30 minutes
const SOURCE_PREFIX = '/__emulator/source/';
const UPLOAD_PATHS = ['/upload.cgi', '/end.pl'];
// With `realHostNames`: the names 1fichier's answers hold (fact base §4 and §6).
const REAL_UPLOAD_HOST = 'up2.1fichier.com';
const REAL_DIRECT_BASE = 'https://a-4.1fichier.com';
/** A direct link's path on a download host: `/<c|p><digits>`. */
const DIRECT_PATH = /^\/[cp]\d+$/;

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → { start, end } (end exclusive); null = whole body; 'invalid' = 416. */
function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!match || (!match[1] && !match[2])) return null;
  const range = match[1]
    ? { start: Number(match[1]), end: match[2] ? Math.min(Number(match[2]) + 1, size) : size }
    : { start: Math.max(0, size - Number(match[2])), end: size };
  return range.start < range.end ? range : 'invalid';
}

/** A JSON API body: missing or empty means {}; anything but a JSON object is refused. */
function parseApiBody(raw) {
  const text = raw.toString('utf8');
  if (!text.trim()) return {};
  const value = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('not an object');
  return value;
}

class Emulator {
  #config;
  #servers = {};
  #blobs;
  #faults = new Faults();
  #model;
  #limiter;
  #describeError;
  #remote;
  #api;
  #uploads;

  constructor(config) {
    this.#config = config;
    if (!['whirlpool', 'sha512'].includes(config.checksum))
      throw new TypeError("checksum must be 'whirlpool' or 'sha512'");
    // 1fichier's host names all lead to the one server the test routes them to.
    if (config.realHostNames && (config.uploadPort !== null || config.directPort !== null))
      throw new TypeError('realHostNames goes with neither uploadPort nor directPort');
    this.#blobs = new BlobStore(config.checksum);
    this.#model = new Model(config.accounts, this.#blobs);
    this.#limiter = new RateLimiter(config.rateLimits, config.floodLockMs);
    this.#describeError = createErrorCatalogue(config.errorNumbers);
    this.#remote = new RemoteRunner({ model: this.#model, blobs: this.#blobs, delayMs: config.remoteDelayMs });
    this.#uploads = new UploadHost({
      model: this.#model,
      blobs: this.#blobs,
      endPendingPolls: config.endPendingPolls,
      uploadRedirect: config.uploadRedirect,
    });
    this.requests = [];
  }

  async listen() {
    const { host, port, uploadPort, directPort, tls, realHostNames } = this.#config;
    const publicHost = host === '0.0.0.0' ? '127.0.0.1' : host;
    const scheme = tls ? 'https' : 'http';
    const start = async (name, listenPort) => {
      const handler = (req, res) => this.#handle(name, req, res);
      const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
      this.#servers[name] = server;
      await new Promise((resolve, reject) => server.once('error', reject).listen(listenPort, host, resolve));
      return server.address().port;
    };
    this.origin = `${scheme}://${publicHost}:${await start('api', port)}`;
    this.apiBase = `${this.origin}/v1`;
    // The upload node answers on the API's own server unless it is given its own port: clients
    // send the key to a local node only when it is the API's host and port.
    this.uploadHost =
      uploadPort === null ? new URL(this.origin).host : `${publicHost}:${await start('upload', uploadPort)}`;
    // Direct links: on the API's server, or on a download server of their own, as 1fichier's.
    const directOrigin =
      directPort === null ? this.origin : `${scheme}://${publicHost}:${await start('direct', directPort)}`;
    this.#api = new Api({
      model: this.#model,
      remote: this.#remote,
      directBase: realHostNames ? REAL_DIRECT_BASE : `${directOrigin}/dl`,
      uploadHost: realHostNames ? REAL_UPLOAD_HOST : this.uploadHost,
    });
  }

  /** 'whirlpool' (as 1fichier; see util.js), or 'sha512' when a benchmark asked for it. */
  get checksumAlgorithm() {
    return this.#config.checksum;
  }

  /** See model.js for the shape. */
  get state() {
    return this.#model.data;
  }

  inject(fault) {
    this.#faults.inject(fault);
  }

  clearFaults() {
    this.#faults.clear();
  }

  reset() {
    this.#remote.cancelAll();
    this.#model.reset();
    this.requests.length = 0;
    this.#faults.clear();
    this.#limiter.clear();
  }

  /** key: an account key (default: the first account); null: an anonymous file. Without `content`, `size` generated bytes. */
  addFile({ key, folderId = 0, filename, size = 1000, contentType, pass = '', content, date } = {}) {
    const owner = this.#seedOwner(key);
    if (typeof filename !== 'string' || !filename) throw new TypeError('addFile needs a filename');
    if (folderId !== 0 && (!owner || this.#model.folder(folderId)?.owner !== owner)) {
      throw new TypeError(`folder ${folderId} is not a folder of that account`);
    }
    if (content === undefined && !(Number.isSafeInteger(size) && size >= 0))
      throw new TypeError('size must be a byte count');
    const stored =
      content === undefined
        ? this.#blobs.pattern(randomString(16), size)
        : this.#blobs.storeBuffer(Buffer.from(content));
    return this.#model.addFile({
      owner,
      folderId,
      filename,
      contentType: contentTypeFor(filename, contentType),
      content: stored,
      pass,
      date,
    });
  }

  /** Seeds a folder, e.g. one with an empty `createDate` as some real folders have. */
  addFolder({ key, parentId = 0, name, createDate } = {}) {
    const owner = this.#seedOwner(key);
    if (!owner) throw new TypeError('a folder needs an account');
    if (typeof name !== 'string' || !name) throw new TypeError('addFolder needs a name');
    if (parentId !== 0 && this.#model.folder(parentId)?.owner !== owner)
      throw new TypeError(`folder ${parentId} is not a folder of that account`);
    return this.#model.addFolder({ owner, parentId, name, createDate });
  }

  #seedOwner(key) {
    if (key === null) return null;
    const account = key === undefined ? this.#model.data.accounts[0] : this.#model.account(key);
    if (!account) throw new TypeError('unknown account key');
    return account.email;
  }

  async close() {
    this.#remote.cancelAll();
    await Promise.all(
      Object.values(this.#servers).map((server) => {
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        return closed;
      }),
    );
    this.#blobs.destroy();
  }

  // ---- request pipeline

  async #handle(serverName, req, res) {
    const started = Date.now();
    if (this.#config.log) {
      res.on('close', () =>
        process.stderr.write(
          `[1fichier emulator] ${serverName} ${req.method} ${req.url.split('?')[0]} ${res.headersSent ? res.statusCode : 'reset'} ${Date.now() - started}ms\n`,
        ),
      );
    }
    try {
      const url = new URL(req.url, 'http://emulator');
      if (serverName === 'api' && url.pathname.startsWith('/__emulator/') && !url.pathname.startsWith(SOURCE_PREFIX)) {
        return await handleControl(this, req, res, url.pathname.slice('/__emulator/'.length));
      }
      const cors = this.#config.cors ? CORS_HEADERS : {};
      if (req.method === 'OPTIONS') {
        // Faithful default: no CORS at all, so a browser preflight fails.
        return send(res, this.#config.cors ? { status: 204, headers: {}, body: '' } : nginxErrorReply(405), {
          extraHeaders: cors,
        });
      }
      const record = {
        server: UPLOAD_PATHS.includes(url.pathname) ? 'upload' : serverName,
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...req.headers },
        body: null,
        time: Date.now(),
      };
      this.requests.push(record);
      if (this.requests.length > MAX_RECORDED_REQUESTS)
        this.requests.splice(0, this.requests.length - MAX_RECORDED_REQUESTS);
      const route = this.#route(serverName, url.pathname);
      const ctx = { req, url, record, ip: req.socket.remoteAddress, key: bearerKey(req.headers), truncate: false };
      if (!route.streaming) ctx.rawBody = await readBody(req);
      const reply = route.faultable ? await this.#withFaults(route, ctx) : await route.handle(ctx);
      if (reply) send(res, reply, { extraHeaders: cors, truncate: ctx.truncate });
    } catch (err) {
      if (res.headersSent || req.socket.destroyed) return void res.destroy();
      process.stderr.write(`[1fichier emulator] internal error on ${req.method} ${req.url}: ${err.stack}\n`);
      send(res, nginxErrorReply(500));
    }
  }

  #route(serverName, path) {
    const isUploadNode = serverName === 'upload' || (this.#config.uploadPort === null && UPLOAD_PATHS.includes(path));
    // Direct links are served by the download server, or by the API's when there is none.
    const servesDirect = serverName === 'direct' || (serverName === 'api' && this.#config.directPort === null);
    if (isUploadNode) {
      if (path === '/upload.cgi')
        return { faultable: true, streaming: true, handle: (ctx) => this.#uploads.upload(ctx) };
      if (path === '/end.pl') return { faultable: true, handle: (ctx) => this.#uploads.endPl(ctx) };
    } else if (servesDirect && (path.startsWith('/dl/') || DIRECT_PATH.test(path))) {
      return { faultable: true, handle: (ctx) => this.#download(ctx) };
    } else if (serverName === 'api') {
      if (path.startsWith('/v1/')) return { faultable: true, handle: (ctx) => this.#apiCall(ctx) };
      if (path.startsWith('/dir/')) return { faultable: true, handle: (ctx) => publicFolderReply(this.#model, ctx) };
      if (path.startsWith(SOURCE_PREFIX)) return { handle: (ctx) => this.#source(ctx) };
    }
    return { handle: () => nginxErrorReply(404) };
  }

  /** Applies an injected fault or a running flood lock; returns null when the socket was dropped. */
  async #withFaults(route, ctx) {
    const fault = this.#faults.take(ctx.url.pathname);
    if (fault?.type === 'reset') {
      ctx.req.socket.destroy();
      return null;
    }
    if (fault?.type === 'silent') {
      // Takes the whole request, then never answers: only the client can end it.
      if (route.streaming) await drain(ctx.req);
      await new Promise((resolve) => ctx.req.socket.once('close', resolve));
      return null;
    }
    if (fault?.type === 'reset-after') {
      // The request takes effect (a job is created…), then the connection drops unanswered.
      await route.handle(ctx);
      ctx.req.socket.destroy();
      return null;
    }
    if (fault?.type === 'delay') await sleep(fault.delayMs);
    const lockScope = `${ctx.ip}|${ctx.key}`;
    let early = null;
    if (fault?.type === '5xx') early = nginxErrorReply(fault.status);
    else if (fault?.type === 'html') early = waitPageReply();
    else if (fault?.type === 'nofile') early = noFileReply();
    else if (fault?.type === 'ko') early = koReply({ status: fault.status, message: fault.message });
    else if (fault?.type === 'flood') this.#limiter.lock(lockScope);
    if (!early && this.#limiter.isLocked(lockScope)) early = koReply(this.#describeError('flood'));
    if (early) {
      if (route.streaming) await drain(ctx.req);
      return early;
    }
    ctx.truncate = fault?.type === 'truncated';
    ctx.damage = fault?.type === 'damaged';
    return route.handle(ctx);
  }

  #apiCall(ctx) {
    // Strict mode checks what every client should send: the real API's answer otherwise is unknown.
    if (this.#config.strict && !/^application\/json\b/i.test(ctx.req.headers['content-type'] ?? ''))
      return koReply({ status: 415, message: 'Strict mode: a /v1 call needs Content-Type: application/json' });
    let body;
    try {
      body = parseApiBody(ctx.rawBody);
      ctx.record.body = body;
    } catch {
      return koReply(this.#describeError('invalidJson'));
    }
    if (this.#config.strict) markStrict(body);
    const scope = `${ctx.ip}|${ctx.key}`;
    const limit = (rule, ruleScope) => {
      if (!this.#limiter.allow(rule, ruleScope)) throw new ApiError('flood');
    };
    try {
      if (!this.#limiter.allow('overall', scope)) {
        this.#limiter.lock(scope);
        throw new ApiError('flood');
      }
      const value = this.#api.call(ctx.url.pathname.slice('/v1/'.length), { body, key: ctx.key, ip: ctx.ip, limit });
      return jsonReply(value, { pretty: Number(body.pretty) === 1 });
    } catch (err) {
      if (err instanceof ApiError) return koReply(this.#describeError(err.kind, err.detail));
      throw err;
    }
  }

  /** /dl/<token> or /<token>: what get_token.cgi links to. Unknown: an expired or unknown token answers nginx's 404. */
  #download(ctx) {
    const name = ctx.url.pathname.split('/').at(-1);
    const token = this.#model.data.tokens.find((t) => t.token === name);
    const age = token ? Date.now() - token.createdAt : Infinity;
    const file = age < (token?.used ? TOKEN_RESUME_MS : TOKEN_START_MS) && this.#model.fileById(token.fileId);
    if (!file) return nginxErrorReply(404);
    token.used = true;
    return this.#contentReply(ctx, {
      blob: file.blob,
      size: file.size,
      filename: file.filename,
      contentType: file.contentType,
      disposition: token.inline ? 'inline' : 'attachment',
    });
  }

  /** /__emulator/source/<name>?size=N[&status=S]: N generated bytes (default 1000) for remote uploads to fetch. */
  #source(ctx) {
    const status = Number(ctx.url.searchParams.get('status') ?? 200);
    if (status !== 200) return nginxErrorReply(status);
    const name = decodeURIComponent(ctx.url.pathname.slice(SOURCE_PREFIX.length)) || 'source.bin';
    const size = Number(ctx.url.searchParams.get('size') ?? 1000);
    if (!Number.isSafeInteger(size) || size < 0) return nginxErrorReply(400);
    return this.#contentReply(ctx, {
      blob: { kind: 'pattern', seed: `source:${name}` },
      size,
      filename: name,
      contentType: contentTypeFor(name),
      disposition: 'attachment',
    });
  }

  /** A byte download with Range support. */
  #contentReply(ctx, { blob, size, filename, contentType, disposition }) {
    const range = parseRange(ctx.req.headers.range, size);
    if (range === 'invalid') return { status: 416, headers: { 'content-range': `bytes */${size}` }, body: '' };
    const { start, end } = range ?? { start: 0, end: size };
    const headers = {
      'content-type': contentType,
      'accept-ranges': 'bytes',
      'content-disposition': contentDisposition(disposition, filename),
    };
    if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
    return { status: range ? 206 : 200, headers, stream: this.#blobs.read(blob, start, end), length: end - start };
  }
}

/** Starts both servers; see README.md for the options. */
export async function startEmulator(options = {}) {
  const emulator = new Emulator({ ...DEFAULTS, ...options });
  try {
    await emulator.listen();
  } catch (err) {
    await emulator.close();
    throw err;
  }
  return emulator;
}
