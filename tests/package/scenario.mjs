// What a user of the package does, against the local 1fichier, run once per way of loading
// the package (ESM import, CommonJS require). Covers every method, every error code and
// every fault type of the emulator.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator } from '../emulator/index.js';

export const KEY = 'DEMO0123456789abcdefDEMO01234567';
const FREE_KEY = 'FREE0123456789abcdefFREE01234567';
const OTHER_KEY = 'OTHR0123456789abcdefOTHR01234567';
const ACCOUNTS = [
  { key: KEY, email: 'demo@example.com', offer: 1 },
  { key: FREE_KEY, email: 'free@example.com', offer: 0 },
  { key: OTHER_KEY, email: 'other@example.com', offer: 1 },
];

/** Asserts a rejection with a FichierError of `code`, and that the key is in no part of it. */
async function rejectsWith(lib, promise, code) {
  const error = await promise.then(
    () => assert.fail(`expected a ${code} error`),
    (e) => e,
  );
  assert.ok(error instanceof lib.FichierError, `not a FichierError: ${error}`);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'FichierError');
  assert.equal(error.code, code, `${error.code}: ${error.message}`);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
  for (const secret of [KEY, FREE_KEY, OTHER_KEY]) {
    assert.ok(
      !`${error.message} ${error.serverMessage} ${error.stack} ${JSON.stringify(error)}`.includes(secret),
      'key leaked',
    );
  }
  return error;
}

async function closedPort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

export function defineScenario(flavour, load) {
  describe(`onefichier from ${flavour}`, () => {
    let lib, cleanup, emu, client, fast;
    const apiCalls = () => emu.requests.filter((r) => r.server === 'api' && !r.path.startsWith('/__emulator'));

    before(async () => {
      ({ lib, cleanup } = await load());
      emu = await startEmulator({ accounts: ACCOUNTS, remoteDelayMs: 50, floodLockMs: 150 });
      fast = (options = {}) =>
        new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0, floodWaitMs: 0, ...options });
      client = fast();
    });
    after(async () => {
      await emu?.close();
      cleanup?.();
    });
    beforeEach(() => emu.reset());

    it('exports the documented API', () => {
      assert.equal(typeof lib.Client, 'function');
      assert.equal(typeof lib.parseLink, 'function');
      assert.equal(typeof lib.extractLinks, 'function');
      assert.equal(new lib.FichierError('auth', 'x').retryable, false);
      assert.equal(client.apiBase, emu.apiBase);
      assert.equal(client.hasApiKey, true);
      assert.ok(!JSON.stringify(client).includes(KEY));
    });

    it('reads the account, normalising string flags', async () => {
      const info = await client.userInfo();
      assert.equal(info.email, 'demo@example.com');
      assert.equal(info.offer, 1);
      assert.equal(info.premium, true);
      assert.equal(typeof info.useCdn, 'boolean');
      assert.equal(typeof info.availableStorage, 'number');
      const call = apiCalls().at(-1);
      assert.equal(call.path, '/v1/user/info.cgi');
      assert.equal(call.headers.authorization, `Bearer ${KEY}`);
      assert.equal(call.headers['content-type'], 'application/json');
      const changed = await client.setUserSettings({ useCdn: 1, ruReport: 1 });
      assert.equal(changed.useCdn, true);
      assert.deepEqual(apiCalls().at(-1).body, { use_cdn: 1, ru_report: 1 });
    });

    it('manages folders: create, list, rename, move, share, remove', async () => {
      const parent = await client.createFolder('backups');
      const child = await client.createFolder('2026', { parentId: parent.id });
      assert.ok(parent.id > 0 && child.id > 0);
      const root = await client.listFolder();
      assert.equal(root.name, 'Root');
      assert.ok(root.folders.some((f) => f.id === parent.id && f.name === 'backups'));
      const inside = await client.listFolder(parent.id, { files: true });
      assert.deepEqual(
        inside.folders.map((f) => f.name),
        ['2026'],
      );
      assert.deepEqual(inside.files, []);
      const renamed = await client.moveFolder(child.id, { rename: '2027' });
      assert.equal(renamed.newName, '2027');
      await client.moveFolder(child.id, { to: 0 });
      assert.ok((await client.listFolder(0)).folders.some((f) => f.id === child.id));
      const shared = await client.shareFolder(parent.id, { public: true, password: 'secret12' });
      assert.match(shared.url, /\/dir\//);
      await client.removeFolder(child.id);
      assert.ok(!(await client.listFolder(0)).folders.some((f) => f.id === child.id));
    });

    it('uploads from a path, bytes and a Blob, with progress, into a folder', async () => {
      const folder = await client.createFolder('uploads');
      const dir = mkdtempSync(join(tmpdir(), 'onefichier-upload-'));
      const path = join(dir, 'report.csv');
      writeFileSync(path, 'a,b\n1,2\n');
      const progress = [];
      try {
        const result = await client.upload(
          [
            path,
            { name: 'bytes.bin', data: new Uint8Array([1, 2, 3]) },
            { name: 'blob.txt', data: new Blob(['hello']) },
          ],
          { folderId: folder.id, onProgress: (p) => progress.push(p) },
        );
        assert.deepEqual(
          result.links.map((l) => [l.filename, l.size]),
          [
            ['report.csv', 8],
            ['bytes.bin', 3],
            ['blob.txt', 5],
          ],
        );
        for (const link of result.links) {
          assert.ok(lib.parseLink(link.url)?.kind === 'file');
          assert.equal(link.removeUrl, null);
          assert.equal(link.whirlpool.length, 128);
        }
        assert.deepEqual(progress.at(-1), { sent: 16, total: 16 });
        assert.ok(progress.every((p, i) => i === 0 || p.sent >= progress[i - 1].sent));
        const files = await client.listFiles(folder.id);
        assert.deepEqual(files.map((f) => f.filename).sort(), ['blob.txt', 'bytes.bin', 'report.csv']);
        const post = emu.requests.find((r) => r.server === 'upload' && r.method === 'POST');
        assert.equal(post.headers.authorization, `Bearer ${KEY}`);
        assert.equal(post.body.fields.did, String(folder.id));
        const end = emu.requests.find((r) => r.server === 'upload' && r.path.startsWith('/end.pl'));
        assert.equal(end.headers.json, '1');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('uploads anonymously and never sends the key to a node outside the API host', async () => {
      const anonymous = new lib.Client({ apiBase: emu.apiBase, minIntervalMs: 0 });
      const result = await anonymous.upload({ name: 'a.txt', data: new Uint8Array([65]) });
      assert.match(result.links[0].removeUrl, /\/remove\//);
      // The API is reached as "localhost" while the node says 127.0.0.1: another host.
      const elsewhere = fast({ apiBase: emu.apiBase.replace('127.0.0.1', 'localhost') });
      await elsewhere.upload({ name: 'b.txt', data: new Uint8Array([66]) });
      const nodeCalls = emu.requests.filter((r) => r.server === 'upload');
      assert.ok(nodeCalls.length >= 4);
      assert.ok(nodeCalls.every((r) => r.headers.authorization === undefined));
    });

    it('refuses bad uploads before sending anything', async () => {
      await rejectsWith(lib, client.upload([]), 'invalid_input');
      await rejectsWith(lib, client.upload({ name: 'empty', data: new Uint8Array() }), 'invalid_input');
      await rejectsWith(lib, client.upload('/no/such/file'), 'invalid_input');
      await rejectsWith(lib, client.upload(new Blob(['x'])), 'invalid_input');
      await rejectsWith(lib, client.upload({ name: 'x', data: 'text' }), 'invalid_input');
      const anonymous = new lib.Client({ apiBase: emu.apiBase, minIntervalMs: 0 });
      await rejectsWith(
        lib,
        anonymous.upload({ name: 'x', data: new Uint8Array([1]) }, { folderId: 3 }),
        'invalid_input',
      );
      assert.equal(emu.requests.length, 0);
    });

    it('aborts an upload through its signal', async () => {
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(
        lib,
        client.upload({ name: 'a', data: new Uint8Array([1]) }, { signal: controller.signal }),
        'aborted',
      );
      const later = new AbortController();
      const big = { name: 'big.bin', data: new Uint8Array(64 << 20) };
      const pending = client.upload(big, { signal: later.signal, onProgress: (p) => p.sent > 0 && later.abort() });
      await rejectsWith(lib, pending, 'aborted');
    });

    it('lists, inspects, renames, moves, copies, protects, scans, links and removes files', async () => {
      const folder = await client.createFolder('docs');
      const [file] = (await client.upload({ name: 'a.txt', data: new TextEncoder().encode('abc') })).links;
      const info = await client.fileInfo(`${file.url}&af=12345`);
      assert.equal(info.filename, 'a.txt');
      assert.equal(info.size, 3);
      assert.equal(info.contentType, 'text/plain');
      const renamed = await client.renameFiles([{ url: file.url, filename: 'b.txt' }]);
      assert.equal(renamed.files[0].newFilename, 'b.txt');
      await rejectsWith(lib, client.renameFiles([{ url: file.url, filename: 'b.txt' }]), 'api');
      const moved = await client.moveFiles(file.url, folder.id);
      assert.equal(moved.moved, 1);
      assert.deepEqual(
        (await client.listFiles(folder.id)).map((f) => f.filename),
        ['b.txt'],
      );
      const copied = await client.copyFiles([file.url], 0, { rename: 'copy.txt' });
      assert.equal(copied.files[0].from, file.url);
      assert.notEqual(copied.files[0].to, file.url);
      const updated = await client.setFileAttributes(file.url, { description: 'notes', inline: true });
      assert.equal(updated.updated, 1);
      assert.equal((await client.fileInfo(file.url)).description, 'notes');
      assert.equal(typeof (await client.scanFile(file.url)).message, 'string');
      const direct = await client.downloadLink(file.url, { single: true });
      const body = await (await fetch(direct.url)).text();
      assert.equal(body, 'abc');
      const everything = await client.listFiles(-1);
      assert.equal(everything.length, 2);
      assert.equal((await client.removeFiles([file.url, copied.files[0].to])).removed, 2);
      await rejectsWith(lib, client.fileInfo(file.url), 'not_found');
    });

    it('copies a file of another account into mine', async () => {
      const theirs = emu.addFile({ key: OTHER_KEY, filename: 'shared.iso', size: 2048 });
      const copied = await client.copyFiles(theirs.url, 0);
      assert.equal(copied.copied, 1);
      assert.deepEqual(
        (await client.listFiles(0)).map((f) => f.filename),
        ['shared.iso'],
      );
    });

    it('remote-uploads URLs in batches and follows the jobs to their links', async () => {
      const source = `${emu.origin}/__emulator/source/data.bin?size=4096`;
      const urls = [source, 'https://example.com/a.zip', 'https://broken.invalid/x.zip'];
      const folder = await client.createFolder('fetched');
      const jobs = await client.remoteUpload(urls, {
        folderId: folder.id,
        batchSize: 2,
        headers: { Cookie: 'session=abc123' },
      });
      assert.deepEqual(
        jobs.map((j) => j.urls),
        [urls.slice(0, 2), urls.slice(2)],
      );
      const requests = apiCalls().filter((r) => r.path === '/v1/remote/request.cgi');
      assert.deepEqual(
        requests.map((r) => r.body.folder_id),
        [folder.id, folder.id],
      );
      assert.deepEqual(requests[0].body.headers, { Cookie: 'session=abc123' });
      const first = await client.waitForRemoteJob(jobs[0].id, { intervalMs: 20 });
      assert.equal(first.done, true);
      assert.ok(first.results.every((r) => r.ok && lib.parseLink(r.downloadUrl)?.kind === 'file'));
      const second = await client.waitForRemoteJob(jobs[1].id, { intervalMs: 20 });
      assert.equal(second.results[0].ok, false);
      assert.ok(second.results[0].message.length > 0);
      const listed = await client.remoteJobs();
      assert.deepEqual(listed.map((j) => j.id).sort(), jobs.map((j) => j.id).sort());
      assert.ok(listed.every((j) => j.done));
      const sized = (await client.listFiles(folder.id)).find((f) => f.filename === 'data.bin');
      assert.equal(sized.size, 4096);
    });

    it('never drops a URL: invalid ones stop everything, a failed batch names what was not sent', async () => {
      await rejectsWith(lib, client.remoteUpload(['https://ok.example/a', 'ftp://nope']), 'invalid_input');
      await rejectsWith(lib, client.remoteUpload([]), 'invalid_input');
      assert.equal(apiCalls().length, 0);
      emu.inject({ path: 'remote/request.cgi', type: '5xx', times: 1 });
      const ok = await client.remoteUpload(['https://ok.example/1']).catch((e) => e);
      assert.equal(ok.code, 'server');
      assert.equal(apiCalls().length, 1, 'a remote request is never retried after a 5xx');
      emu.reset();
      const urls = ['https://a.example/1', 'https://a.example/2', 'https://a.example/3'];
      const pending = client.remoteUpload(urls, { batchSize: 1 });
      emu.inject({ path: 'remote/request.cgi', type: 'ko', status: 200, message: 'Owner locked #620', times: 1 });
      const error = await rejectsWith(lib, pending, 'owner_locked');
      assert.deepEqual(error.details.sent.flatMap((s) => s.urls).length + error.details.unsent.length, 3);
      const timeout = client.waitForRemoteJob((await client.remoteUpload(['https://slow.example/x']))[0].id, {
        intervalMs: 5,
        timeoutMs: 1,
      });
      await rejectsWith(lib, timeout, 'timeout');
    });

    it('manages FTP users', async () => {
      await client.addFtpUser('nas', 'pass-word-1', { folderId: 0 });
      assert.deepEqual(
        (await client.ftpUsers()).map((u) => u.user),
        ['nas'],
      );
      await client.removeFtpUser('nas');
      assert.deepEqual(await client.ftpUsers(), []);
      assert.equal(typeof (await client.processFtp()).message, 'string');
    });

    it('parses links and extracts URLs', () => {
      assert.deepEqual(lib.parseLink('https://www.1fichier.com/?abcde12345&af=1'), {
        kind: 'file',
        id: 'abcde12345',
        domain: '1fichier.com',
        url: 'https://1fichier.com/?abcde12345',
      });
      assert.equal(lib.parseLink('https://example.com/?abcde12345'), null);
      assert.deepEqual(lib.extractLinks('see https://a.example/x, https://a.example/x.'), ['https://a.example/x']);
    });

    describe('every error code', () => {
      it('invalid_input: bad arguments fail before any request', async () => {
        await rejectsWith(lib, client.listFolder(-1), 'invalid_input');
        await rejectsWith(lib, client.listFolder('abc'), 'invalid_input');
        await rejectsWith(lib, client.moveFiles([], 0), 'invalid_input');
        await rejectsWith(lib, client.fileInfo('not a link'), 'invalid_input');
        await rejectsWith(lib, client.createFolder(''), 'invalid_input');
        await rejectsWith(lib, client.setUserSettings({}), 'invalid_input');
        await rejectsWith(lib, new lib.Client({ apiBase: emu.apiBase }).userInfo(), 'invalid_input');
        assert.throws(
          () => new lib.Client({ apiBase: 'ftp://x' }),
          (e) => e instanceof lib.FichierError && e.code === 'invalid_input',
        );
        assert.throws(
          () => new lib.Client({ apiKey: 'a b' }),
          (e) => e.code === 'invalid_input' && !e.message.includes('a b'),
        );
        assert.throws(
          () => new lib.Client({ minIntervalMs: -1 }),
          (e) => e.code === 'invalid_input',
        );
        assert.equal(emu.requests.length, 0);
      });

      it('auth: a wrong key', async () => {
        const error = await rejectsWith(lib, fast({ apiKey: 'WRONG0123456789abcdefWRONG012345' }).userInfo(), 'auth');
        assert.equal(error.status, 401);
        assert.match(error.serverMessage, /^Not authenticated/);
        assert.equal(error.retryable, false);
      });

      it('flood: fails at once with floodWaitMs 0, waits and retries otherwise', async () => {
        emu.inject({ path: 'file/ls.cgi', type: 'flood', times: 1 });
        const error = await rejectsWith(lib, client.listFiles(0), 'flood');
        assert.equal(error.status, 403);
        assert.equal(error.retryable, true);
        await new Promise((resolve) => setTimeout(resolve, 200)); // the emulator's lock (150 ms) ends
        emu.inject({ path: 'folder/mkdir.cgi', type: 'flood', times: 1 });
        const patient = fast({ floodWaitMs: 300 });
        const created = await patient.createFolder('after-flood');
        assert.ok(created.id > 0);
        assert.equal(apiCalls().filter((r) => r.path === '/v1/folder/mkdir.cgi').length, 2);
      });

      it('premium_required: a download link on a free account', async () => {
        const theirs = emu.addFile({ key: FREE_KEY, filename: 'f.bin' });
        await rejectsWith(lib, fast({ apiKey: FREE_KEY }).downloadLink(theirs.url), 'premium_required');
      });

      it('not_found, forbidden and owner_locked', async () => {
        await rejectsWith(lib, client.fileInfo('https://1fichier.com/?zzzzzzzzzzzzzzzzzzzz'), 'not_found');
        const locked = emu.addFile({ key: OTHER_KEY, filename: 'p.bin', pass: 'secret99' });
        await rejectsWith(lib, client.fileInfo(locked.url), 'forbidden');
        assert.equal((await client.fileInfo(locked.url, { password: 'secret99' })).filename, 'p.bin');
        emu.inject({ path: 'file/info.cgi', type: 'ko', status: 200, message: 'Owner locked #620' });
        await rejectsWith(lib, client.fileInfo(locked.url), 'owner_locked');
        emu.inject({
          path: 'download/get_token.cgi',
          type: 'ko',
          status: 200,
          message: 'Only 1 location allowed at a time #887',
        });
        await rejectsWith(lib, client.downloadLink(locked.url), 'forbidden');
      });

      it('network: nothing listens, or the connection is reset', async () => {
        const dead = fast({ apiBase: `http://127.0.0.1:${await closedPort()}/v1`, maxRetries: 0 });
        const error = await rejectsWith(lib, dead.userInfo(), 'network');
        assert.match(error.message, /ECONNREFUSED/);
        emu.inject({ path: 'folder/mkdir.cgi', type: 'reset' });
        await rejectsWith(lib, client.createFolder('x'), 'network');
        assert.equal(apiCalls().filter((r) => r.path === '/v1/folder/mkdir.cgi').length, 1, 'a write is not retried');
      });

      it('network errors and 5xx on reads are retried', async () => {
        emu.inject({ path: 'file/ls.cgi', type: 'reset', times: 1 });
        emu.inject({ path: 'folder/ls.cgi', type: '5xx', status: 502, times: 1 });
        const patient = fast({ maxRetries: 2 });
        assert.deepEqual(await patient.listFiles(0), []);
        assert.equal((await patient.listFolder(0)).name, 'Root');
        assert.equal(apiCalls().filter((r) => r.path === '/v1/folder/ls.cgi').length, 2);
      });

      it('timeout: a slow answer', async () => {
        emu.inject({ path: 'user/info.cgi', type: 'delay', delayMs: 400 });
        const error = await rejectsWith(lib, fast({ timeoutMs: 100, maxRetries: 0 }).userInfo(), 'timeout');
        assert.equal(error.retryable, true);
      });

      it('server: a 5xx that is not retried', async () => {
        emu.inject({ path: 'folder/rm.cgi', type: '5xx', status: 503 });
        const folder = await client.createFolder('gone');
        const error = await rejectsWith(lib, client.removeFolder(folder.id), 'server');
        assert.equal(error.status, 503);
      });

      it('decode: HTML or truncated JSON instead of JSON', async () => {
        emu.inject({ path: 'user/info.cgi', type: 'html' });
        await rejectsWith(lib, client.userInfo(), 'decode');
        emu.inject({ path: 'user/info.cgi', type: 'truncated' });
        await rejectsWith(lib, client.userInfo(), 'decode');
      });

      it('aborted: waiting for a job', async () => {
        const [job] = await client.remoteUpload(['https://slow.example/y']);
        const controller = new AbortController();
        const waiting = client.waitForRemoteJob(job.id, { intervalMs: 10_000, signal: controller.signal });
        setTimeout(() => controller.abort(), 20);
        await rejectsWith(lib, waiting, 'aborted');
      });

      it('upload faults: the node refuses, end.pl answers HTML first', async () => {
        emu.inject({ path: 'upload.cgi', type: '5xx', status: 500 });
        await rejectsWith(lib, client.upload({ name: 'a', data: new Uint8Array([1]) }), 'server');
        emu.inject({ path: 'end.pl', type: 'html', times: 2 });
        const result = await client.upload({ name: 'b', data: new Uint8Array([2]) });
        assert.equal(result.links[0].filename, 'b');
      });
    });

    it('paces calls by minIntervalMs', async () => {
      const paced = fast({ minIntervalMs: 100 });
      const started = Date.now();
      await Promise.all([paced.remoteJobs(), paced.remoteJobs(), paced.remoteJobs()]);
      const times = apiCalls().map((r) => r.time);
      assert.equal(times.length, 3);
      assert.ok(times[2] - times[0] >= 190, `calls were not spaced: ${times.map((t) => t - started)}`);
    });
  });
}
