// The client's real-service branch, end to end: the default API base
// (https://api.1fichier.com/v1), an upload node named by its bare host (up2.1fichier.com) over
// https, which gets the key because it is a 1fichier host, and direct links on a download host
// (https://a-4.1fichier.com/p…). The local 1fichier speaks TLS with a throwaway certificate for
// *.1fichier.com (made by openssl), and this process's TLS connections to *.1fichier.com:443
// are routed to it, trusting only that certificate. Nothing else in the process is touched, and
// node --test runs each test file in a process of its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import tls from 'node:tls';
import { startEmulator } from '../emulator/index.js';
import { loadEsm } from './install.mjs';

const KEY = 'DEMO0123456789abcdefDEMO01234567';
const ONEFICHIER_HOST = /(^|\.)1fichier\.com$/;

/** A self-signed certificate (its own CA) for 1fichier.com and its sub-domains. */
function throwawayCertificate(dir) {
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=onefichier test',
      '-addext',
      'subjectAltName=DNS:*.1fichier.com,DNS:1fichier.com',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

describe("1fichier's own host names, over https", () => {
  let lib, cleanup, emu, dir, client;
  const originalConnect = tls.connect;
  /** The host names this process opened TLS connections to. */
  const connected = new Set();
  const requestsTo = (host) => emu.requests.filter((request) => request.headers.host === host);

  before(async () => {
    ({ lib, cleanup } = await loadEsm());
    dir = mkdtempSync(join(tmpdir(), 'onefichier-real-hosts-'));
    const certificate = throwawayCertificate(dir);
    emu = await startEmulator({
      tls: certificate,
      realHostNames: true,
      strict: true,
      accounts: [{ key: KEY, email: 'demo@example.com', offer: 1 }],
    });
    const port = Number(new URL(emu.origin).port);
    // Both of Node's HTTP stacks (fetch's and node:https) open TLS through tls.connect.
    tls.connect = function routed(options, ...rest) {
      if (options && typeof options === 'object' && ONEFICHIER_HOST.test(options.host ?? '')) {
        assert.equal(Number(options.port ?? 443), 443, 'real 1fichier hosts are reached on port 443');
        connected.add(options.host);
        const servername = options.servername || options.host;
        return originalConnect.call(
          this,
          { ...options, host: '127.0.0.1', port, servername, ca: certificate.cert },
          ...rest,
        );
      }
      return originalConnect.call(this, options, ...rest);
    };
    // No apiBase: the default, https://api.1fichier.com/v1.
    client = new lib.Client({ apiKey: KEY, minIntervalMs: 0 });
  });
  after(async () => {
    tls.connect = originalConnect;
    await emu?.close();
    cleanup?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    emu.clearFaults();
    emu.requests.length = 0;
  });

  it('calls the API at api.1fichier.com with the key', async () => {
    assert.equal(client.apiBase, 'https://api.1fichier.com/v1');
    assert.equal((await client.userInfo()).email, 'demo@example.com');
    const [call] = requestsTo('api.1fichier.com');
    assert.equal(call.path, '/v1/user/info.cgi');
    assert.equal(call.headers.authorization, `Bearer ${KEY}`);
  });

  it('uploads to the bare host get_upload_server names, over https, with the key (a 1fichier host)', async () => {
    const folder = await client.createFolder('from-the-real-branch');
    const result = await client.upload(
      { name: 'real.bin', data: new Uint8Array(200_000).fill(7) },
      { folderId: folder.id, verify: true },
    );
    assert.equal(result.files[0].removeUrl, null, 'an account upload, not an anonymous one');
    assert.deepEqual(
      (await client.listFiles(folder.id)).map((file) => file.name),
      ['real.bin'],
    );
    const node = requestsTo('up2.1fichier.com');
    assert.deepEqual(
      node.map((request) => request.path),
      ['/upload.cgi', '/end.pl', '/end.pl'],
    );
    assert.ok(node.every((request) => request.headers.authorization === `Bearer ${KEY}`));
    assert.equal(node[0].body.fields.did, String(folder.id));
    assert.ok(connected.has('up2.1fichier.com'));
  });

  it('downloads from a-4.1fichier.com without the key, resuming a cut with Range', async () => {
    const file = emu.addFile({ filename: 'movie.mkv', size: 1_500_000 });
    const { directUrl } = await client.downloadLink(file.url);
    assert.match(directUrl, /^https:\/\/a-4\.1fichier\.com\/p\d+$/);

    const streamed = await client.download(file.url, { verify: true });
    assert.equal((await new Response(streamed.body).arrayBuffer()).byteLength, 1_500_000);

    const path = join(dir, 'movie.mkv');
    // The third request (after file/info and get_token) is the GET: it is cut halfway.
    emu.inject({ path: '*', type: 'truncated', skip: 2 });
    await assert.rejects(client.downloadToFile(file.url, path, { verify: true }), { code: 'network' });
    const saved = await client.downloadToFile(file.url, path, { verify: true });
    assert.ok(saved.resumedFrom > 0, 'resumed from the part');
    assert.equal(saved.size, 1_500_000);
    const gets = requestsTo('a-4.1fichier.com');
    assert.equal(gets.length, 3);
    assert.match(gets.at(-1).headers.range, /^bytes=\d+-$/);
    assert.ok(
      gets.every((request) => request.headers.authorization === undefined),
      'no key on direct links',
    );
    assert.deepEqual([...connected].sort(), ['a-4.1fichier.com', 'api.1fichier.com', 'up2.1fichier.com']);
  });
});
