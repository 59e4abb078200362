// What a user of the package does, against the local 1fichier, run once per way of loading
// the package (ESM import, CommonJS require). Covers every method, every error code and
// every fault type of the emulator.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
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

/**
 * No access restrictions: `null`, or (what the package gives today, as 1fichier always sends an
 * object) an ACL with nothing in it.
 */
const noAcl = (acl) =>
  acl === null || (!acl.ip.length && !acl.country.length && !acl.email.length && acl.premium === false);

/** A local port nothing listens on (free right after this). */
export async function closedPort() {
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
      emu = await startEmulator({ accounts: ACCOUNTS, strict: true, remoteDelayMs: 50, floodLockMs: 150 });
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

    it('reads the account, normalising string flags into booleans', async () => {
      const info = await client.userInfo();
      assert.equal(info.email, 'demo@example.com');
      assert.equal(info.offer, 1);
      assert.equal(info.premium, true);
      assert.equal(typeof info.availableStorage, 'number');
      assert.deepEqual(info.settings, {
        ftpMode: 0,
        ftpFolderId: 0,
        ftpReport: false,
        remoteUploadReport: false,
        defaultDomain: 0,
        pageLimit: 100,
        defaultPort: 0,
        defaultPortFiles: 0,
        useCdn: false,
        downloadMenu: true,
      });
      for (const old of ['useCdn', 'ftpDid', 'ruReport', 'ftpMode']) assert.ok(!(old in info), `${old} at the top`);
      const call = apiCalls().at(-1);
      assert.equal(call.path, '/v1/user/info.cgi');
      assert.equal(call.headers.authorization, `Bearer ${KEY}`);
      assert.equal(call.headers['content-type'], 'application/json');
    });

    it('changes settings with booleans, and takes back what userInfo() gave', async () => {
      const changed = await client.setUserSettings({ useCdn: true });
      assert.equal(changed.settings.useCdn, true);
      assert.deepEqual(apiCalls().at(-1).body, { use_cdn: 1 });
      const folder = await client.createFolder('ftp');
      const more = await client.setUserSettings({
        remoteUploadReport: true,
        ftpReport: true,
        downloadMenu: true,
        ftpFolderId: folder.id,
      });
      assert.deepEqual(apiCalls().at(-1).body, { ru_report: 1, ftp_report: 1, download_menu: 1, ftp_did: folder.id });
      assert.equal(more.settings.ftpFolderId, folder.id);
      assert.equal(more.settings.remoteUploadReport, true);
      // Anything the package returns can be fed back.
      const saved = (await client.userInfo()).settings;
      const restored = await client.setUserSettings(saved);
      assert.deepEqual(restored.settings, saved);
      assert.equal(apiCalls().at(-1).body.use_cdn, 1);
      assert.equal(apiCalls().at(-1).body.ftp_did, folder.id);
      assert.deepEqual((await client.setUserSettings({ ...saved, useCdn: false })).settings.useCdn, false);
      emu.reset();
      // 0/1 and strings are refused, and so are the 0.1.0 names.
      for (const bad of [{ useCdn: 1 }, { useCdn: 'true' }, { ruReport: 1 }, { ftpDid: 0 }, { ftpFolderId: 'x' }, {}]) {
        const error = await rejectsWith(lib, client.setUserSettings(bad), 'invalid_input');
        const [key] = Object.keys(bad);
        if (key === 'ruReport' || key === 'ftpDid') assert.match(error.message, new RegExp(key));
      }
      assert.equal(apiCalls().length, 0);
    });

    it('manages folders: create, list, rename, move', async () => {
      const parent = await client.createFolder('backups');
      const child = await client.createFolder('2026', { parentId: parent.id });
      assert.ok(parent.id > 0 && child.id > 0);
      assert.deepEqual(child, { id: child.id, name: '2026', parentId: parent.id });
      const root = await client.listFolder();
      assert.equal(root.name, 'Root');
      assert.equal(root.shareUrl, null);
      assert.equal('files' in root, false);
      const listed = root.folders.find((f) => f.id === parent.id);
      assert.equal(listed.name, 'backups');
      assert.equal(listed.parentId, 0);
      assert.equal(listed.hasPassword, false);
      assert.equal(typeof listed.createdAt, 'string');
      const inside = await client.listFolder(String(parent.id), { files: true });
      assert.deepEqual(
        inside.folders.map((f) => f.name),
        ['2026'],
      );
      assert.deepEqual(inside.files, []);
      const renamed = await client.moveFolder(child.id, { name: '2027' });
      assert.deepEqual(renamed, { id: child.id, oldName: '2026', name: '2027' });
      await client.moveFolder(child.id, { parentId: 0 });
      assert.ok((await client.listFolder(0)).folders.some((f) => f.id === child.id && f.parentId === 0));
      emu.reset();
      await rejectsWith(lib, client.moveFolder(1, { parentId: 0, name: 'x' }), 'invalid_input');
      await rejectsWith(lib, client.moveFolder(1, {}), 'invalid_input');
      await rejectsWith(lib, client.moveFolder(1, { rename: 'x' }), 'invalid_input');
      await rejectsWith(lib, client.moveFolder(1, { to: 0 }), 'invalid_input');
      await rejectsWith(lib, client.moveFolder(1, { name: 'x', sharingUser: 'a@b.example' }), 'invalid_input');
      await rejectsWith(
        lib,
        client.createFolder('x', { parentId: 0, destinationUser: 'a@b.example' }),
        'invalid_input',
      );
      assert.equal(apiCalls().length, 0);
    });

    it('shares a folder, lists its share URL, removes a folder', async () => {
      const parent = await client.createFolder('backups');
      const shared = await client.shareFolder(parent.id, { public: true, password: 'secret12' });
      assert.match(shared.shareUrl, /\/dir\//);
      assert.deepEqual(Object.keys(shared), ['shareUrl']);
      assert.equal((await client.listFolder(parent.id)).shareUrl, shared.shareUrl);
      const sub = (await client.listFolder(0)).folders.find((f) => f.id === parent.id);
      assert.equal(sub.hasPassword, true);
      assert.equal((await client.shareFolder(parent.id)).shareUrl, null);
      const child = await client.createFolder('2026', { parentId: parent.id });
      await client.removeFolder(child.id);
      assert.deepEqual((await client.listFolder(parent.id)).folders, []);
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
          result.files.map((f) => [f.name, f.size]),
          [
            ['report.csv', 8],
            ['bytes.bin', 3],
            ['blob.txt', 5],
          ],
        );
        assert.equal(result.incoming, false);
        assert.equal('links' in result, false);
        for (const file of result.files) {
          assert.ok(lib.parseLink(file.url)?.kind === 'file');
          assert.equal(file.removeUrl, null);
          assert.equal(file.whirlpool.length, 128);
        }
        assert.deepEqual(progress.at(-1), { sent: 16, total: 16 });
        assert.ok(progress.every((p, i) => i === 0 || p.sent >= progress[i - 1].sent));
        const files = await client.listFiles(folder.id);
        assert.deepEqual(files.map((f) => f.name).sort(), ['blob.txt', 'bytes.bin', 'report.csv']);
        const listed = files.find((f) => f.name === 'report.csv');
        const uploaded = result.files.find((f) => f.name === 'report.csv');
        assert.equal(listed.url, uploaded.url);
        assert.equal(listed.whirlpool, uploaded.whirlpool, 'the same hash under the same name');
        assert.equal(typeof listed.uploadedAt, 'string');
        assert.equal(listed.hasPassword, false);
        assert.equal(listed.hasAcl, false);
        const post = emu.requests.find((r) => r.server === 'upload' && r.method === 'POST');
        assert.equal(post.headers.authorization, `Bearer ${KEY}`);
        assert.equal(post.body.fields.did, String(folder.id));
        const end = emu.requests.find((r) => r.server === 'upload' && r.path.startsWith('/end.pl'));
        assert.equal(end.headers.json, '1');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("verifies an upload: hashed while sent, compared with 1fichier's; damaged files are deleted", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'onefichier-verify-'));
      const path = join(dir, 'backup.tar');
      writeFileSync(path, 'x'.repeat(3 * 1024 * 1024 + 5));
      const inputs = [path, { name: 'bytes.bin', data: new Uint8Array([1, 2, 3]) }, new Blob(['hello'])];
      try {
        const good = await client.upload(inputs, { verify: true });
        assert.deepEqual(
          good.files.map((f) => f.name),
          ['backup.tar', 'bytes.bin', 'blob'],
        );
        // end.pl's hashes suffice: no other call.
        assert.deepEqual(
          emu.requests.filter((r) => r.server === 'api').map((r) => r.path),
          ['/v1/upload/get_upload_server.cgi'],
        );

        emu.requests.length = 0;
        emu.inject({ path: '/upload.cgi', type: 'damaged' });
        const error = await rejectsWith(lib, client.upload(inputs.slice(0, 2), { verify: true }), 'corrupt');
        assert.match(
          error.message,
          /^2 files arrived \("backup\.tar", "bytes\.bin"\) damaged: .* deleted from 1fichier/,
        );
        assert.equal(error.retryable, false);
        const { result, damaged, deleted } = error.details;
        assert.equal(deleted, true);
        assert.deepEqual(
          damaged,
          result.files.map((f) => f.url),
        );
        const remove = emu.requests.find((r) => r.path === '/v1/file/rm.cgi');
        assert.deepEqual(
          remove.body.files.map((f) => f.url),
          damaged,
        );
        for (const url of damaged)
          assert.equal(
            emu.state.files.find((f) => f.url === url),
            undefined,
          );

        const anonymous = new lib.Client({ apiBase: emu.apiBase, minIntervalMs: 0 });
        emu.inject({ path: '/upload.cgi', type: 'damaged' });
        const kept = await rejectsWith(lib, anonymous.upload(inputs[1], { verify: true }), 'corrupt');
        assert.match(kept.message, /^"bytes\.bin" arrived damaged: .* removal links/);
        assert.match(kept.details.result.files[0].removeUrl, /\/remove\//);

        await rejectsWith(lib, client.upload(inputs[1], { verify: 'yes' }), 'invalid_input');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('sends the key to a local node only on the API host and port', async () => {
      // A node on another port of the API's host may be another program: no key for it.
      const ownPort = await startEmulator({ uploadPort: 0 });
      try {
        assert.notEqual(ownPort.uploadHost, new URL(ownPort.apiBase).host);
        const keyed = new lib.Client({ apiKey: KEY, apiBase: ownPort.apiBase, minIntervalMs: 0 });
        const result = await keyed.upload({ name: 'c.txt', data: new Uint8Array([67]) });
        assert.match(result.files[0].removeUrl, /\/remove\//, 'an anonymous upload');
        const nodeCalls = ownPort.requests.filter((r) => r.server === 'upload');
        assert.ok(nodeCalls.length >= 2);
        assert.ok(nodeCalls.every((r) => r.headers.authorization === undefined));
      } finally {
        await ownPort.close();
      }
    });

    it('uploads anonymously and never sends the key to a node outside the API host', async () => {
      const anonymous = new lib.Client({ apiBase: emu.apiBase, minIntervalMs: 0 });
      const result = await anonymous.upload({ name: 'a.txt', data: new Uint8Array([65]) });
      assert.match(result.files[0].removeUrl, /\/remove\//);
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
      await rejectsWith(lib, client.upload({ name: 'x', data: 'text' }), 'invalid_input');
      await rejectsWith(lib, client.upload({ filename: 'x', data: new Uint8Array([1]) }), 'invalid_input');
      await rejectsWith(
        lib,
        client.upload({ name: 'x', data: new Uint8Array([1]) }, { endTimeoutMs: 1000 }),
        'invalid_input',
      );
      await rejectsWith(lib, client.upload({ name: 'x', data: new Uint8Array([1]) }, { folder: 1 }), 'invalid_input');
      const anonymous = new lib.Client({ apiBase: emu.apiBase, minIntervalMs: 0 });
      await rejectsWith(
        lib,
        anonymous.upload({ name: 'x', data: new Uint8Array([1]) }, { folderId: 3 }),
        'invalid_input',
      );
      assert.equal(emu.requests.length, 0);
    });

    it('uploads a nameless Blob as "blob", like FormData does', async () => {
      const result = await client.upload(new Blob(['x']));
      assert.equal(result.files[0].name, 'blob');
      assert.equal(result.files[0].size, 1);
      const post = emu.requests.find((r) => r.server === 'upload' && r.method === 'POST');
      assert.equal(post.body.files[0].filename, 'blob');
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

    it('refuses a file that shrinks or grows while it is sent, and stores nothing of it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'onefichier-changing-'));
      try {
        for (const [name, change] of [
          ['shrinks.bin', (path) => truncateSync(path, 1.5 * 2 ** 20)],
          ['grows.bin', (path) => appendFileSync(path, new Uint8Array(2 ** 20))],
        ]) {
          const path = join(dir, name);
          writeFileSync(path, new Uint8Array(6 * 2 ** 20));
          let changed = false;
          const onProgress = (p) => {
            if (p.sent > 0 && !changed) {
              changed = true;
              change(path);
            }
          };
          const error = await rejectsWith(lib, client.upload(path, { onProgress }), 'invalid_input');
          assert.match(error.message, new RegExp(`"${name}" changed size while it was being uploaded`));
          assert.ok(!(await client.listFiles(0)).some((file) => file.name === name), name);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lists, inspects, renames, moves, copies, protects, scans, links and removes files', async () => {
      const folder = await client.createFolder('docs');
      const [file] = (await client.upload({ name: 'a.txt', data: new TextEncoder().encode('abc') })).files;
      const info = await client.fileInfo(`${file.url}&af=12345`);
      assert.equal(info.name, 'a.txt');
      assert.equal(info.url, file.url);
      assert.equal(info.size, 3);
      assert.equal(info.contentType, 'text/plain');
      assert.equal(info.whirlpool, file.whirlpool);
      assert.equal(typeof info.uploadedAt, 'string');
      assert.equal(info.hasPassword, false);
      assert.ok(noAcl(info.acl), JSON.stringify(info.acl));
      for (const old of ['filename', 'checksum', 'date', 'password']) assert.ok(!(old in info), old);
      const renamed = await client.renameFiles([{ url: file.url, name: 'b.txt' }]);
      assert.deepEqual(renamed, { renamed: 1, files: [{ url: file.url, name: 'b.txt', oldName: 'a.txt' }] });
      await rejectsWith(lib, client.renameFiles([{ url: file.url, name: 'b.txt' }]), 'api');
      await rejectsWith(lib, client.renameFiles([{ url: file.url, filename: 'c.txt' }]), 'invalid_input');
      const moved = await client.moveFiles(file.url, { folderId: folder.id });
      assert.deepEqual(moved, { moved: 1, urls: [file.url], name: null });
      const [entry] = await client.listFiles(folder.id);
      assert.equal(entry.name, 'b.txt');
      assert.equal((await client.fileInfo(file.url)).folderId, folder.id);
      const copied = await client.copyFiles([file.url], { folderId: 0, name: 'copy.txt' });
      assert.equal(copied.copied, 1);
      assert.equal(copied.files[0].sourceUrl, file.url);
      assert.notEqual(copied.files[0].url, file.url);
      assert.equal((await client.fileInfo(copied.files[0].url)).name, 'copy.txt');
      const updated = await client.setFileAttributes(file.url, { description: 'notes', inline: true });
      assert.equal(updated.updated, 1);
      const attributes = await client.fileInfo(file.url);
      assert.equal(attributes.description, 'notes');
      assert.equal(attributes.inline, true);
      await client.setFileAttributes(file.url, { password: 'secret12', acl: { ip: ['10.0.0.0/8'], premium: true } });
      const [locked] = await client.listFiles(folder.id);
      assert.equal(locked.hasPassword, true);
      assert.equal(locked.hasAcl, true);
      const withAcl = await client.fileInfo(file.url);
      assert.equal(withAcl.hasPassword, true);
      assert.equal(withAcl.acl.premium, true);
      assert.deepEqual(withAcl.acl.ip, ['10.0.0.0/8']);
      await client.setFileAttributes(file.url, { password: '', acl: null });
      assert.ok(noAcl((await client.fileInfo(file.url)).acl));
      const scan = await client.scanFile(file.url);
      assert.equal(typeof scan.message, 'string');
      assert.ok('scannedAt' in scan);
      const direct = await client.downloadLink(file.url, { single: true });
      assert.deepEqual(Object.keys(direct), ['directUrl']);
      const body = await (await fetch(direct.directUrl)).text();
      assert.equal(body, 'abc');
      const everything = await client.listFiles(-1);
      assert.equal(everything.length, 2);
      assert.equal((await client.removeFiles([file.url, copied.files[0].url])).removed, 2);
      await rejectsWith(lib, client.fileInfo(file.url), 'not_found');
    });

    it('refuses the 0.1.0 shapes of moveFiles and copyFiles', async () => {
      const url = 'https://1fichier.com/?abcde12345';
      await rejectsWith(lib, client.moveFiles(url, 0), 'invalid_input');
      await rejectsWith(lib, client.moveFiles(url), 'invalid_input');
      await rejectsWith(lib, client.moveFiles(url, {}), 'invalid_input');
      await rejectsWith(lib, client.moveFiles(url, { folderId: 0, rename: 'x' }), 'invalid_input');
      await rejectsWith(lib, client.copyFiles(url, 0), 'invalid_input');
      await rejectsWith(lib, client.copyFiles(url, { folderId: 0, destinationUser: 'a@b.example' }), 'invalid_input');
      await rejectsWith(lib, client.listFiles(0, { sentBefore: '2024-01-01 00:00:00' }), 'invalid_input');
      assert.equal(apiCalls().length, 0);
    });

    it('copies a file of another account into mine', async () => {
      const theirs = emu.addFile({ key: OTHER_KEY, filename: 'shared.iso', size: 2048 });
      const copied = await client.copyFiles(theirs.url, { folderId: 0 });
      assert.equal(copied.copied, 1);
      assert.deepEqual(
        (await client.listFiles(0)).map((f) => f.name),
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
        jobs.map((j) => j.sourceUrls),
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
      assert.deepEqual(first.sourceUrls, urls.slice(0, 2));
      assert.deepEqual(
        first.results.map((r) => r.sourceUrl),
        urls.slice(0, 2),
      );
      assert.ok(first.results.every((r) => r.ok && lib.parseLink(r.url)?.kind === 'file'));
      assert.equal(typeof first.requestedAt, 'string');
      assert.equal(typeof first.executedAt, 'string');
      const second = await client.waitForRemoteJob(String(jobs[1].id), { intervalMs: 20, maxWaitMs: 10_000 });
      assert.equal(second.results[0].ok, false);
      assert.equal(second.results[0].url, null);
      assert.ok(second.results[0].message.length > 0);
      assert.deepEqual(await client.remoteJob(jobs[1].id), second);
      const listed = await client.remoteJobs();
      assert.deepEqual(listed.map((j) => j.id).sort(), jobs.map((j) => j.id).sort());
      assert.ok(listed.every((j) => j.done && typeof j.requestedAt === 'string' && typeof j.executedAt === 'string'));
      const sized = (await client.listFiles(folder.id)).find((f) => f.name === 'data.bin');
      assert.equal(sized.size, 4096);
    });

    it('never drops a URL: invalid ones stop everything, a failed batch says what was sent, maybe sent, not sent', async () => {
      await rejectsWith(lib, client.remoteUpload(['https://ok.example/a', 'ftp://nope']), 'invalid_input');
      await rejectsWith(lib, client.remoteUpload([]), 'invalid_input');
      await rejectsWith(lib, client.remoteUpload('https://ok.example/a', { folder: 1 }), 'invalid_input');
      assert.equal(apiCalls().length, 0);
      emu.inject({ path: 'remote/request.cgi', type: '5xx', times: 1 });
      const ok = await rejectsWith(lib, client.remoteUpload(['https://ok.example/1']), 'server');
      assert.equal(apiCalls().length, 1, 'a remote request is never retried after a 5xx');
      // A 5xx may come after 1fichier took the job: not certainly unsent.
      assert.deepEqual(ok.details, { sent: [], uncertain: ['https://ok.example/1'], unsent: [] });
      emu.reset();

      // Three requests of one URL; faults are used in order, so the first request gets a
      // harmless one and the second the fault under test.
      const urls = ['https://a.example/1', 'https://a.example/2', 'https://a.example/3'];
      const impatient = fast({ timeoutMs: 1000, maxRetries: 0 });
      const failSecond = (fault) => {
        emu.reset();
        emu.inject({ path: 'remote/request.cgi', type: 'delay', delayMs: 1, times: 1 });
        emu.inject({ path: 'remote/request.cgi', times: 1, ...fault });
        return impatient.remoteUpload(urls, { batchSize: 1 });
      };
      // 1fichier refused the second request: it and the third are certainly not sent.
      const refused = await rejectsWith(
        lib,
        failSecond({ type: 'ko', status: 200, message: 'Owner locked #620' }),
        'owner_locked',
      );
      assert.deepEqual(
        refused.details.sent.map((job) => job.sourceUrls),
        [[urls[0]]],
      );
      assert.equal(typeof refused.details.sent[0].id, 'number');
      assert.deepEqual(refused.details.uncertain, []);
      assert.deepEqual(refused.details.unsent, urls.slice(1));
      // The connection dropped after the second request went out: it may have reached 1fichier.
      const dropped = await rejectsWith(lib, failSecond({ type: 'reset' }), 'network');
      assert.deepEqual(
        dropped.details.sent.map((job) => job.sourceUrls),
        [[urls[0]]],
      );
      assert.deepEqual(dropped.details.uncertain, [urls[1]]);
      assert.deepEqual(dropped.details.unsent, [urls[2]]);
      // No answer in time (timeoutMs 1000) after sending: the same.
      const slow = await rejectsWith(lib, failSecond({ type: 'delay', delayMs: 2500 }), 'timeout');
      assert.deepEqual(slow.details.uncertain, [urls[1]]);
      assert.deepEqual(slow.details.unsent, [urls[2]]);
      assert.equal(
        apiCalls().filter((r) => r.path === '/v1/remote/request.cgi').length,
        2,
        'nothing is sent after a failure',
      );
      // Nothing listens: nothing went out.
      const dead = fast({ apiBase: `http://127.0.0.1:${await closedPort()}/v1`, maxRetries: 0 });
      const refusedConnection = await rejectsWith(lib, dead.remoteUpload(urls, { batchSize: 2 }), 'network');
      assert.deepEqual(refusedConnection.details.sent, []);
      assert.deepEqual(
        [...refusedConnection.details.uncertain, ...refusedConnection.details.unsent].sort(),
        urls,
        'every URL is in exactly one list',
      );
      assert.deepEqual(refusedConnection.details.unsent.slice(-1), [urls[2]], 'the second batch was never tried');
      // 0.1.0's details are gone.
      assert.equal('urls' in refused.details.sent[0], false);
    });

    it('waits for a remote job within maxWaitMs', async () => {
      const [job] = await client.remoteUpload(['https://slow.example/x']);
      await rejectsWith(lib, client.waitForRemoteJob(job.id, { intervalMs: 5, maxWaitMs: 1 }), 'timeout');
      // 0: one check, no wait (the job may have run by now: then it is the answer).
      const checks = () => apiCalls().filter((r) => r.path === '/v1/remote/info.cgi').length;
      const before = checks();
      const started = Date.now();
      const once = await client.waitForRemoteJob(job.id, { intervalMs: 10_000, maxWaitMs: 0 }).catch((e) => e);
      assert.ok(Date.now() - started < 5000);
      assert.equal(checks() - before, 1);
      if (once instanceof Error) assert.equal(once.code, 'timeout');
      else assert.equal(once.done, true);
      emu.reset();
      await rejectsWith(lib, client.waitForRemoteJob(job.id, { maxWaitMs: -5 }), 'invalid_input');
      await rejectsWith(lib, client.waitForRemoteJob(job.id, { maxWaitMs: 1.5 }), 'invalid_input');
      await rejectsWith(lib, client.waitForRemoteJob(job.id, { intervalMs: 2 ** 31 }), 'invalid_input');
      await rejectsWith(lib, client.waitForRemoteJob(job.id, { timeoutMs: 1000 }), 'invalid_input');
      await rejectsWith(lib, client.waitForRemoteJob('x'), 'invalid_input');
      assert.equal(apiCalls().length, 0);
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

    it('walks a folder tree depth first, one listing per folder, and stops when the loop does', async () => {
      const top = emu.addFolder({ name: 'Top' });
      const a = emu.addFolder({ name: 'A', parentId: top.id });
      const b = emu.addFolder({ name: 'B', parentId: top.id });
      emu.addFile({ folderId: top.id, filename: 'root.txt', size: 1 });
      emu.addFile({ folderId: a.id, filename: 'inside.txt', size: 2 });
      const seen = [];
      for await (const entry of client.walk(top.id))
        seen.push([entry.path, entry.file ? entry.file.size : entry.folder.id]);
      assert.deepEqual(seen, [
        ['root.txt', 1],
        ['A/', a.id],
        ['A/inside.txt', 2],
        ['B/', b.id],
      ]);
      emu.requests.length = 0;
      for await (const entry of client.walk(top.id)) if (entry.folder) break;
      assert.equal(
        emu.requests.filter((r) => r.path.endsWith('folder/ls.cgi')).length,
        1,
        'no listing after the break',
      );
      await rejectsWith(lib, client.walk(top.id, { files: true }).next(), 'invalid_input');

      // 1fichier lists at most 5000 files a folder: a walk never passes a partial listing off as whole.
      const crowded = emu.addFolder({ name: 'Crowded', parentId: b.id });
      for (let i = 0; i <= 5000; i++) emu.addFile({ folderId: crowded.id, filename: `f${i}`, size: 1 });
      const seenBefore = [];
      const walking = (async () => {
        for await (const entry of client.walk(top.id)) seenBefore.push(entry.path);
      })();
      const error = await rejectsWith(lib, walking, 'api');
      assert.match(error.message, /^Folder "B\/Crowded\/" holds 5001 files but 1fichier lists 5000/);
      assert.equal(seenBefore.at(-1), 'B/Crowded/', 'none of its files');
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

    it('hashes with Whirlpool: the ISO vectors, streamed in any chunks, as 1fichier gives them', async () => {
      assert.equal(
        await lib.whirlpool(''),
        '19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a73e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3',
      );
      assert.equal(
        await lib.whirlpool(new TextEncoder().encode('abc')),
        '4e2448a4c6f486bb16b6562c73b4020bf3043e3a731bce721ae1b303d97e6d4c7181eebdb6c57e277d0e34957114cbd6c797fc9d95d8b582d225292076d4eef5',
      );
      const millionA =
        '0c99005beb57eff50a7cf005560ddf5d29057fd86b20bfd62deca0f1ccea4af51fc15490eddc47af32bb2b66c34ff9ad8c6008ad677f77126953b226e4ed8b01';
      const hash = await lib.Whirlpool.create();
      const chunk = new Uint8Array(4099).fill(97);
      for (let left = 1_000_000; left > 0; left -= chunk.length)
        hash.update(chunk.subarray(0, Math.min(left, chunk.length)));
      assert.equal(hash.digest(), millionA);
      assert.equal(await lib.whirlpool(new Blob([new Uint8Array(1_000_000).fill(97)])), millionA);
      async function* pieces() {
        yield 'ab';
        yield new DataView(new TextEncoder().encode('c').buffer);
      }
      assert.equal(await lib.whirlpool(pieces()), await lib.whirlpool('abc'));
      assert.throws(
        () => hash.update('more'),
        (e) => e instanceof lib.FichierError && e.code === 'invalid_input',
      );
      assert.throws(
        () => hash.digest(),
        (e) => e.code === 'invalid_input',
      );
      await assert.rejects(lib.whirlpool(42), (e) => e instanceof lib.FichierError && e.code === 'invalid_input');
      assert.throws(
        () => new lib.Whirlpool(),
        (e) => e.code === 'invalid_input',
      );
    });

    describe('every error code', () => {
      it('invalid_input: bad arguments fail before any request', async () => {
        await rejectsWith(lib, client.listFolder(-1), 'invalid_input');
        await rejectsWith(lib, client.listFolder('abc'), 'invalid_input');
        await rejectsWith(lib, client.moveFiles([], { folderId: 0 }), 'invalid_input');
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

      it('invalid_input: an unknown option names the key', async () => {
        const error = await rejectsWith(lib, client.listFiles(0, { folder: 1 }), 'invalid_input');
        assert.match(error.message, /"folder"/);
        assert.match(error.message, /listFiles/);
        const created = await rejectsWith(lib, client.createFolder('x', { parent: 0 }), 'invalid_input');
        assert.match(created.message, /"parent"/);
        assert.throws(
          () => new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, endTimeoutMs: 5 }),
          (e) => e instanceof lib.FichierError && e.code === 'invalid_input' && /endTimeoutMs/.test(e.message),
        );
        assert.equal(emu.requests.length, 0);
      });

      it('invalid_input: flags are booleans, folder ids numbers or numeric strings', async () => {
        await rejectsWith(lib, client.listFolder(0, { files: 'false' }), 'invalid_input');
        await rejectsWith(lib, client.listFolder(0, { files: 1 }), 'invalid_input');
        await rejectsWith(lib, client.listFiles('x'), 'invalid_input');
        await rejectsWith(lib, client.listFiles(''), 'invalid_input');
        await rejectsWith(lib, client.listFiles(1.5), 'invalid_input');
        await rejectsWith(lib, client.downloadLink('https://1fichier.com/?abcde12345', { inline: 1 }), 'invalid_input');
        assert.equal(emu.requests.length, 0);
        assert.deepEqual(await client.listFiles('0'), []);
        assert.deepEqual(apiCalls().at(-1).body, { folder_id: 0 });
        const folder = await client.createFolder('ids', { parentId: '0' });
        assert.equal((await client.listFolder(String(folder.id), { files: false })).id, folder.id);
      });

      it('invalid_input: only own properties are read; getters that throw, Proxies and __proto__ keys are refused', async () => {
        const getter = {
          get sharingUser() {
            throw new Error('boom');
          },
        };
        await rejectsWith(lib, client.listFiles(0, getter), 'invalid_input');
        const trap = () => {
          throw new Error('trap');
        };
        const proxy = new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap });
        await rejectsWith(lib, client.listFiles(0, proxy), 'invalid_input');
        await rejectsWith(lib, client.userInfo(proxy), 'invalid_input');
        assert.throws(
          () => new lib.Client(proxy),
          (e) => e instanceof lib.FichierError && e.code === 'invalid_input',
        );
        const url = 'https://1fichier.com/?abcde12345';
        await rejectsWith(
          lib,
          client.setFileAttributes(url, JSON.parse('{"__proto__":{"inline":true}}')),
          'invalid_input',
        );
        await rejectsWith(lib, client.setUserSettings(JSON.parse('{"__proto__":{"useCdn":true}}')), 'invalid_input');
        assert.equal(emu.requests.length, 0, 'nothing was sent');
        // Inherited keys are not read.
        const file = emu.addFile({ filename: 'own.txt' });
        const inherited = Object.create({ inline: true, noSsl: true });
        inherited.description = 'mine';
        assert.equal((await client.setFileAttributes(file.url, inherited)).updated, 1);
        assert.deepEqual(Object.keys(apiCalls().at(-1).body).sort(), ['description', 'urls']);
      });

      it('invalid_input: timer values are whole numbers a timer can hold; timeoutMs 0 means no limit', async () => {
        for (const options of [
          { floodWaitMs: 2 ** 40 },
          { timeoutMs: 2 ** 31 },
          { minIntervalMs: 0.5 },
          { timeoutMs: -1 },
          { floodWaitMs: '1000' },
        ]) {
          assert.throws(
            () => new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, ...options }),
            (e) => e instanceof lib.FichierError && e.code === 'invalid_input',
            JSON.stringify(options),
          );
        }
        emu.inject({ path: 'user/info.cgi', type: 'delay', delayMs: 300 });
        const unlimited = fast({ timeoutMs: 0, maxRetries: 0 });
        assert.equal((await unlimited.userInfo()).email, 'demo@example.com');
        assert.equal(fast({ timeoutMs: 2 ** 31 - 1 }).apiBase, emu.apiBase);
      });

      it('ignores a polluted Object.prototype', async () => {
        Object.prototype.apiKey = OTHER_KEY;
        Object.prototype.folderId = 12345;
        try {
          const keyless = new lib.Client({ apiBase: emu.apiBase, minIntervalMs: 0 });
          assert.equal(keyless.hasApiKey, false);
          await rejectsWith(lib, keyless.userInfo(), 'invalid_input');
          const anonymous = await keyless.upload({ name: 'a.txt', data: new Uint8Array([1]) });
          assert.match(anonymous.files[0].removeUrl, /\/remove\//);
          const own = await client.upload({ name: 'b.txt', data: new Uint8Array([2]) }, {});
          assert.equal(own.files[0].name, 'b.txt');
        } finally {
          delete Object.prototype.apiKey;
          delete Object.prototype.folderId;
        }
        assert.ok(emu.requests.every((r) => r.headers.authorization !== `Bearer ${OTHER_KEY}`));
        const post = emu.requests.filter((r) => r.server === 'upload' && r.method === 'POST').at(-1);
        assert.notEqual(post.body.fields.did, '12345');
      });

      it('aborted: every method takes { signal }, and an aborted one sends nothing', async () => {
        const signal = AbortSignal.abort();
        const url = 'https://1fichier.com/?abcde12345';
        const calls = {
          userInfo: () => client.userInfo({ signal }),
          setUserSettings: () => client.setUserSettings({ useCdn: true }, { signal }),
          listFolder: () => client.listFolder(0, { signal }),
          walk: () => client.walk(0, { signal }).next(),
          createFolder: () => client.createFolder('x', { signal }),
          removeFolder: () => client.removeFolder(1, { signal }),
          moveFolder: () => client.moveFolder(1, { name: 'x', signal }),
          shareFolder: () => client.shareFolder(1, { signal }),
          listFiles: () => client.listFiles(0, { signal }),
          fileInfo: () => client.fileInfo(url, { signal }),
          removeFiles: () => client.removeFiles(url, { signal }),
          moveFiles: () => client.moveFiles(url, { folderId: 0, signal }),
          copyFiles: () => client.copyFiles(url, { folderId: 0, signal }),
          renameFiles: () => client.renameFiles({ url, name: 'x' }, { signal }),
          setFileAttributes: () => client.setFileAttributes(url, { description: 'x', signal }),
          scanFile: () => client.scanFile(url, { signal }),
          downloadLink: () => client.downloadLink(url, { signal }),
          download: () => client.download(url, { signal }),
          downloadToFile: () => client.downloadToFile(url, '/tmp/x', { signal }),
          remoteUpload: () => client.remoteUpload('https://a.example/x', { signal }),
          remoteJobs: () => client.remoteJobs({ signal }),
          remoteJob: () => client.remoteJob(1, { signal }),
          waitForRemoteJob: () => client.waitForRemoteJob(1, { signal }),
          upload: () => client.upload({ name: 'a', data: new Uint8Array([1]) }, { signal }),
          ftpUsers: () => client.ftpUsers({ signal }),
          addFtpUser: () => client.addFtpUser('nas', 'pass-word-1', { signal }),
          removeFtpUser: () => client.removeFtpUser('nas', { signal }),
          processFtp: () => client.processFtp({ signal }),
        };
        const methods = Object.getOwnPropertyNames(lib.Client.prototype).filter(
          (name) =>
            name !== 'constructor' &&
            typeof Object.getOwnPropertyDescriptor(lib.Client.prototype, name).value === 'function',
        );
        assert.deepEqual(methods.sort(), Object.keys(calls).sort(), 'every method is covered');
        for (const [name, call] of Object.entries(calls)) {
          const error = await rejectsWith(lib, call(), 'aborted');
          assert.equal(error.retryable, false, name);
        }
        assert.equal(emu.requests.length, 0, 'nothing was sent');
        await rejectsWith(lib, client.userInfo({ signal: 'yes' }), 'invalid_input');
      });

      it('auth: a wrong key', async () => {
        const error = await rejectsWith(lib, fast({ apiKey: 'WRONG0123456789abcdefWRONG012345' }).userInfo(), 'auth');
        assert.equal(error.status, 401);
        assert.match(error.serverMessage, /^Not authenticated/);
        assert.equal(error.retryable, false);
      });

      it('never repeats the API key, even when 1fichier echoes it', async () => {
        // rejectsWith checks message, serverMessage, stack and JSON for every key.
        emu.inject({ path: 'user/info.cgi', type: 'ko', status: 401, message: `Not authenticated: key ${KEY} #247` });
        const echoed = await rejectsWith(lib, client.userInfo(), 'auth');
        assert.match(echoed.serverMessage, /^Not authenticated: key /);
        emu.inject({ path: 'file/ls.cgi', type: 'ko', status: 200, message: `Invalid folder for ${KEY}` });
        await rejectsWith(lib, client.listFiles(0), 'api');
        emu.inject({ path: 'folder/mkdir.cgi', type: 'ko', status: 500, message: `Bearer ${KEY}` });
        const serverError = await rejectsWith(lib, client.createFolder('x'), 'server');
        assert.ok(!JSON.stringify(serverError.details ?? null).includes(KEY));
        emu.inject({ path: 'remote/request.cgi', type: 'ko', status: 200, message: `${KEY}${KEY}` });
        const remote = await rejectsWith(lib, client.remoteUpload('https://a.example/x'), 'api');
        assert.ok(!JSON.stringify(remote.details).includes(KEY));
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
        const unlocked = await client.fileInfo(locked.url, { password: 'secret99' });
        assert.equal(unlocked.name, 'p.bin');
        assert.equal(unlocked.hasPassword, true);
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
        assert.equal(result.files[0].name, 'b');
      });
    });

    it('paces calls by minIntervalMs', async () => {
      const paced = fast({ minIntervalMs: 100 });
      const started = Date.now();
      await Promise.all([paced.remoteJobs(), paced.remoteJobs(), paced.remoteJobs()]);
      const times = apiCalls().map((r) => r.time);
      assert.equal(times.length, 3);
      // Times are arrivals at the emulator: the first call also opens the connection, so it may
      // arrive tens of ms after it was sent, and the spacing seen here can be that much shorter.
      assert.ok(times[2] - times[0] >= 150, `calls were not spaced: ${times.map((t) => t - started)}`);
      assert.ok(times[2] - times[1] >= 90, `calls were not spaced: ${times.map((t) => t - started)}`);
    });

    it("keeps under 1fichier's documented rate limits by default; an unpaced burst is locked, waited out and retried", async () => {
      const limited = await startEmulator({ accounts: ACCOUNTS, strict: true, rateLimits: 'real', floodLockMs: 300 });
      try {
        const paths = () => limited.requests.map((r) => r.path.slice('/v1/'.length));
        // The defaults (a call a second at most) against the documented 3 calls a second.
        const paced = new lib.Client({ apiKey: KEY, apiBase: limited.apiBase });
        await Promise.all([paced.userInfo(), paced.createFolder('a'), paced.createFolder('b'), paced.remoteJobs()]);
        assert.equal(limited.requests.length, 4, `no call was refused: ${paths()}`);

        limited.requests.length = 0;
        // A wait past the documented window (1 s): the first retry is sure to pass.
        const burst = new lib.Client({ apiKey: KEY, apiBase: limited.apiBase, minIntervalMs: 0, floodWaitMs: 1000 });
        for (const name of ['c', 'd', 'e', 'f', 'g']) await burst.createFolder(name);
        const burstCalls = limited.requests.length;
        const names = (await paced.listFolder(0)).folders.map((f) => f.name).sort();
        assert.deepEqual(names, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'every folder made exactly once');
        // The fourth call within a second was locked out, then sent again after floodWaitMs.
        assert.ok(burstCalls > 5, `the burst met the flood lock: ${paths()}`);
      } finally {
        await limited.close();
      }
    });
  });
}
