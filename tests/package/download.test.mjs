// Premium downloads from the installed package against the local 1fichier: download() as a
// web stream (offset, progress, verify) and downloadToFile() in Node (a .part file, resumed
// after a cut with a Range request, verified with Whirlpool, renamed only once whole), and
// every failure: Premium missing, a protected file, a link gone, a cut, corrupt bytes, an abort.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import { loadEsm } from './install.mjs';

const KEY = 'DEMO0123456789abcdefDEMO01234567';
const FREE_KEY = 'FREE0123456789abcdefFREE01234567';
const OTHER_KEY = 'OTHR0123456789abcdefOTHR01234567';
const SIZE = 3 * 1024 * 1024 + 17;

describe('Premium downloads', () => {
  let lib, cleanup, project, emu, client, dir;
  const direct = () => emu.requests.filter((request) => request.path.startsWith('/dl/'));
  /** The bytes 1fichier holds for a file, read through a fresh direct link. */
  const stored = async (file) => {
    const { directUrl } = await client.downloadLink(file.url);
    return Buffer.from(await (await fetch(directUrl)).arrayBuffer());
  };

  before(async () => {
    ({ lib, cleanup, dir: project } = await loadEsm());
    emu = await startEmulator({
      strict: true,
      // Direct links on a download server of their own, as 1fichier's.
      directPort: 0,
      accounts: [
        { key: KEY, email: 'demo@example.com', offer: 1 },
        { key: FREE_KEY, email: 'free@example.com', offer: 0 },
        { key: OTHER_KEY, email: 'other@example.com', offer: 1 },
      ],
    });
    client = new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'onefichier-download-'));
  });
  after(async () => {
    await emu?.close();
    cleanup?.();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    emu.clearFaults();
    emu.requests.length = 0;
  });

  it('download(): the bytes as a web stream, with name, size and progress, and no key sent to the file server', async () => {
    const file = emu.addFile({ filename: 'Vidéo finale.mkv', size: SIZE });
    const progress = [];
    const result = await client.download(file.url, { onProgress: (report) => progress.push(report) });
    assert.equal(result.name, 'Vidéo finale.mkv');
    assert.equal(result.size, SIZE);
    assert.equal(result.offset, 0);
    assert.ok(result.body instanceof ReadableStream);
    const bytes = Buffer.from(await new Response(result.body).arrayBuffer());
    assert.ok(bytes.equals(await stored(file)));
    assert.deepEqual(progress.at(-1), { received: SIZE, total: SIZE });
    assert.ok(progress.every((report, i) => i === 0 || report.received > progress[i - 1].received));
    assert.ok(direct().every((request) => request.headers.authorization === undefined));
    assert.ok(
      direct().every((request) => request.server === 'direct'),
      'served by the download server',
    );
  });

  it('download({ offset }) asks for the rest with a Range request', async () => {
    const file = emu.addFile({ filename: 'tail.bin', size: 1000 });
    const result = await client.download(file.url, { offset: 600 });
    assert.equal(result.offset, 600);
    assert.equal(result.size, 1000);
    const bytes = Buffer.from(await new Response(result.body).arrayBuffer());
    assert.ok(bytes.equals((await stored(file)).subarray(600)));
    assert.equal(direct()[0].headers.range, 'bytes=600-');
  });

  it('download({ verify }) checks the Whirlpool hash at the end: a match, then corrupt bytes', async () => {
    const file = emu.addFile({ filename: 'checked.bin', size: 200_000 });
    const good = await client.download(file.url, { verify: true });
    assert.equal((await new Response(good.body).arrayBuffer()).byteLength, 200_000);
    emu.state.files.find((stored) => stored.url === file.url).checksum = 'ab'.repeat(64);
    const bad = await client.download(file.url, { verify: true });
    await assert.rejects(new Response(bad.body).arrayBuffer(), (error) => {
      assert.ok(error instanceof lib.FichierError, String(error));
      assert.equal(error.code, 'corrupt');
      assert.equal(error.retryable, false);
      return true;
    });
  });

  it('downloadToFile(): written through a .part file, verified, renamed when whole', async () => {
    const file = emu.addFile({ filename: 'backup.tar', size: SIZE });
    const path = join(dir, 'backup.tar');
    const result = await client.downloadToFile(file.url, path, { verify: true });
    assert.equal(result.path, path);
    assert.equal(result.size, SIZE);
    assert.equal(result.resumedFrom, 0);
    assert.equal(result.whirlpool, createHash('whirlpool').update(readFileSync(path)).digest('hex'));
    assert.ok(readFileSync(path).equals(await stored(file)));
    assert.equal(existsSync(`${path}.part`), false);
  });

  it('downloadToFile() resumes a cut download from its .part and verifies the whole file', async () => {
    const file = emu.addFile({ filename: 'cut.bin', size: SIZE });
    const path = join(dir, 'cut.bin');
    emu.inject({ path: '/dl/', type: 'truncated' });
    await assert.rejects(client.downloadToFile(file.url, path, { verify: true }), (error) => {
      assert.equal(error.code, 'network', error.message);
      assert.equal(error.retryable, true);
      return true;
    });
    const kept = statSync(`${path}.part`).size;
    assert.ok(kept > 0 && kept < SIZE, `a partial file: ${kept} bytes`);
    assert.equal(existsSync(path), false, 'nothing that looks complete');
    emu.requests.length = 0;
    const resumed = await client.downloadToFile(file.url, path, { verify: true });
    assert.equal(resumed.resumedFrom, kept);
    assert.equal(direct()[0].headers.range, `bytes=${kept}-`);
    assert.ok(readFileSync(path).equals(await stored(file)));
    assert.equal(existsSync(`${path}.part`), false);
  });

  it('downloadToFile() never leaves corrupt bytes: no file, no .part to resume', async () => {
    const file = emu.addFile({ filename: 'bad.bin', size: 5000 });
    emu.state.files.find((stored) => stored.url === file.url).checksum = 'cd'.repeat(64);
    const path = join(dir, 'bad.bin');
    await assert.rejects(client.downloadToFile(file.url, path, { verify: true }), { code: 'corrupt' });
    assert.equal(existsSync(path), false);
    assert.equal(existsSync(`${path}.part`), false);
  });

  it('downloadToFile() starts over when resume is false, and an aborted download leaves a part to resume', async () => {
    const file = emu.addFile({ filename: 'again.bin', size: SIZE });
    const path = join(dir, 'again.bin');
    writeFileSync(`${path}.part`, 'stale bytes of another attempt');
    const controller = new AbortController();
    await assert.rejects(
      client.downloadToFile(file.url, path, {
        resume: false,
        signal: controller.signal,
        onProgress: ({ received }) => received > 1_000_000 && controller.abort(),
      }),
      { code: 'aborted' },
    );
    // The part holds what reached the disk before the abort (the write buffer may be dropped):
    // the start of the file, the stale bytes gone; the next call resumes from its end.
    const whole = await stored(file);
    const kept = readFileSync(`${path}.part`);
    assert.ok(kept.equals(whole.subarray(0, kept.length)), 'the part is the start of the file');
    assert.ok(!kept.toString('latin1').startsWith('stale bytes'));
    const done = await client.downloadToFile(file.url, path);
    assert.equal(done.resumedFrom, kept.length);
    assert.ok(readFileSync(path).equals(whole));
    const again = await client.downloadToFile(file.url, path, { resume: false });
    assert.equal(again.resumedFrom, 0);
  });

  it('refusals: Premium missing, a protected file without its password, a file that is gone, bad options', async () => {
    // Someone else's file: its owner needs no password.
    const file = emu.addFile({ key: OTHER_KEY, filename: 'locked.pdf', content: 'protected bytes', pass: 'sesame123' });
    const free = new lib.Client({ apiKey: FREE_KEY, apiBase: emu.apiBase, minIntervalMs: 0 });
    await assert.rejects(free.download(file.url, { password: 'sesame123' }), { code: 'premium_required' });
    await assert.rejects(client.download(file.url), { code: 'forbidden' });
    const opened = await client.download(file.url, { password: 'sesame123', verify: true });
    assert.equal(Buffer.from(await new Response(opened.body).arrayBuffer()).toString(), 'protected bytes');
    await assert.rejects(client.downloadToFile('https://1fichier.com/?nothinghere00', join(dir, 'x')), {
      code: 'not_found',
    });
    await assert.rejects(client.download(file.url, { offset: 5, verify: true }), { code: 'invalid_input' });
    await assert.rejects(client.download(file.url, { resume: true }), /unknown option "resume"/);
    await assert.rejects(client.downloadToFile(file.url, ''), { code: 'invalid_input' });
    assert.equal(direct().length, 1, 'only the good call reached the file server');
  });

  it('the browser build has download() but no downloadToFile()', async () => {
    const web = await import(pathToFileURL(join(project, 'node_modules', 'onefichier', 'dist', 'browser.js')).href);
    const webClient = new web.Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0 });
    const file = emu.addFile({ filename: 'web.txt', content: 'from the browser build' });
    const result = await webClient.download(file.url, { verify: true });
    assert.equal(Buffer.from(await new Response(result.body).arrayBuffer()).toString(), 'from the browser build');
    await assert.rejects(webClient.downloadToFile(file.url, join(dir, 'web.txt')), (error) => {
      assert.ok(error instanceof lib.FichierError, 'one FichierError across copies of the package');
      assert.equal(error.code, 'invalid_input');
      return true;
    });
  });
});
