// The hardening brief (issue 7), item by item, against the installed package and the local
// 1fichier: what 0.1.0 got wrong under a flaky network and a hostile caller. Items already
// proven elsewhere say where (scenario.mjs runs in ESM, CJS and Chromium; cli.test.js).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import { loadEsm } from './install.mjs';

const KEY = 'DEMO0123456789abcdefDEMO01234567';
const CLI = fileURLToPath(new URL('../../pkg/dist/cli.mjs', import.meta.url));
/** What "at once" means for an abort: the brief's bound. */
const ABORT_MS = 50;
/** 0.1.0 hung on some of these: a test fails instead of waiting forever. */
const BOUNDED = { timeout: 30_000 };

describe('hardening (issue 7)', () => {
  let lib;
  let cleanup;
  let emu;
  let fast;
  const apiCalls = (path) => emu.requests.filter((r) => r.server === 'api' && r.path === path);

  before(async () => {
    ({ lib, cleanup } = await loadEsm());
    emu = await startEmulator({
      accounts: [{ key: KEY, email: 'demo@example.com', offer: 1 }],
      strict: true,
      remoteDelayMs: 60_000,
    });
    fast = (options = {}) => new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0, ...options });
  });
  after(async () => {
    await emu?.close();
    cleanup?.();
  });
  beforeEach(() => emu.reset());

  /** The call's error (it must fail). */
  const failure = (promise) =>
    promise.then(
      () => assert.fail('expected a failure'),
      (error) => error,
    );

  /** Starts `call(signal)`, aborts it once `ready()` holds, and times the settling. */
  async function abortTimed(call, ready) {
    const controller = new AbortController();
    const pending = failure(call(controller.signal));
    for (let i = 0; !(await ready()); i++) {
      assert.ok(i < 500, 'the call never reached the awaited point');
      await sleep(10);
    }
    const started = performance.now();
    controller.abort();
    const error = await pending;
    return { error, ms: performance.now() - started };
  }

  it('#1 remoteUpload: a job created before the connection dropped is uncertain, never unsent', BOUNDED, async () => {
    const urls = ['https://a.example/1', 'https://a.example/2', 'https://a.example/3'];
    emu.inject({ path: 'remote/request.cgi', type: 'delay', delayMs: 1 });
    emu.inject({ path: 'remote/request.cgi', type: 'reset-after' });
    const error = await failure(fast({ maxRetries: 0 }).remoteUpload(urls, { batchSize: 1 }));
    assert.equal(error.code, 'network');
    // 1fichier has both jobs: the second must not be offered as safe to send again.
    assert.equal(emu.state.remoteJobs.length, 2);
    assert.deepEqual(
      error.details.sent.map((job) => job.sourceUrls),
      [[urls[0]]],
    );
    assert.deepEqual(error.details.uncertain, [urls[1]]);
    assert.deepEqual(error.details.unsent, [urls[2]]);
    assert.match(error.message, /may have reached 1fichier \(details\.uncertain\): check remoteJobs\(\)/);
    assert.match(error.message, /were not sent \(details\.unsent\) and can be sent again/);
  });

  it('#2 upload: a node that takes the body and never answers times out (answerTimeoutMs)', BOUNDED, async () => {
    emu.inject({ path: 'upload.cgi', type: 'silent' });
    const started = performance.now();
    const error = await failure(
      fast().upload({ name: 'a.bin', data: new Uint8Array(50_000) }, { answerTimeoutMs: 300 }),
    );
    const ms = performance.now() - started;
    assert.equal(error.code, 'timeout', error.message);
    assert.match(error.message, /did not answer within 300 ms; .*look for it before sending it again/);
    assert.ok(ms >= 300 && ms < 5000, `${ms} ms`);
    const refused = await failure(fast().upload({ name: 'a', data: new Uint8Array(1) }, { answerTimeoutMs: -1 }));
    assert.equal(refused.code, 'invalid_input');
  });

  describe('#3 an abort settles the call within 50 ms, at every step', () => {
    const sent = (path) => () => emu.requests.some((r) => r.path.endsWith(path));

    it('during a slow get_upload_server (0.1.0: 2.3 s)', BOUNDED, async (t) => {
      emu.inject({ path: 'upload/get_upload_server.cgi', type: 'delay', delayMs: 3000 });
      const file = { name: 'a.bin', data: new Uint8Array(10) };
      const { error, ms } = await abortTimed(
        (signal) => fast().upload(file, { signal }),
        sent('get_upload_server.cgi'),
      );
      assert.equal(error.code, 'aborted');
      t.diagnostic(`settled ${ms.toFixed(1)} ms after the abort`);
      assert.ok(ms < ABORT_MS, `${ms.toFixed(1)} ms`);
    });

    it('during a waitForRemoteJob check (0.1.0: 2.8 s) and between checks', BOUNDED, async (t) => {
      const [job] = await fast().remoteUpload(['https://a.example/slow']);
      emu.inject({ path: 'remote/info.cgi', type: 'delay', delayMs: 3000 });
      const polling = await abortTimed(
        (signal) => fast().waitForRemoteJob(job.id, { intervalMs: 10_000, signal }),
        sent('remote/info.cgi'),
      );
      assert.equal(polling.error.code, 'aborted');
      t.diagnostic(`settled ${polling.ms.toFixed(1)} ms after the abort`);
      assert.ok(polling.ms < ABORT_MS, `${polling.ms.toFixed(1)} ms`);
      emu.clearFaults();
      const checks = apiCalls('/v1/remote/info.cgi').length;
      const waiting = await abortTimed(
        (signal) => fast().waitForRemoteJob(job.id, { intervalMs: 10_000, signal }),
        () => apiCalls('/v1/remote/info.cgi').length > checks,
      );
      assert.equal(waiting.error.code, 'aborted');
      t.diagnostic(`settled ${waiting.ms.toFixed(1)} ms after the abort`);
      assert.ok(waiting.ms < ABORT_MS, `${waiting.ms.toFixed(1)} ms`);
    });

    it('during a flood wait and a pacing wait', BOUNDED, async (t) => {
      emu.inject({ path: 'user/info.cgi', type: 'flood' });
      const flood = await abortTimed(
        (signal) => fast({ floodWaitMs: 60_000 }).userInfo({ signal }),
        sent('user/info.cgi'),
      );
      assert.equal(flood.error.code, 'aborted');
      t.diagnostic(`settled ${flood.ms.toFixed(1)} ms after the abort`);
      assert.ok(flood.ms < ABORT_MS, `${flood.ms.toFixed(1)} ms`);

      emu.reset();
      const paced = fast({ minIntervalMs: 60_000 });
      await paced.userInfo();
      const pacing = await abortTimed(
        (signal) => paced.userInfo({ signal }),
        async () => true,
      );
      assert.equal(pacing.error.code, 'aborted');
      t.diagnostic(`settled ${pacing.ms.toFixed(1)} ms after the abort`);
      assert.ok(pacing.ms < ABORT_MS, `${pacing.ms.toFixed(1)} ms`);
    });

    it('while the upload node holds the answer', BOUNDED, async (t) => {
      emu.inject({ path: 'upload.cgi', type: 'silent' });
      const file = { name: 'a.bin', data: new Uint8Array(100_000) };
      const { error, ms } = await abortTimed(
        (signal) => fast().upload(file, { signal }),
        () => emu.requests.some((r) => r.server === 'upload' && r.path === '/upload.cgi'),
      );
      assert.equal(error.code, 'aborted');
      t.diagnostic(`settled ${ms.toFixed(1)} ms after the abort`);
      assert.ok(ms < ABORT_MS, `${ms.toFixed(1)} ms`);
    });

    it("the CLI's Ctrl-C during get_upload_server (0.1.0: 4 s)", BOUNDED, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'onefichier-ctrl-c-'));
      try {
        const path = join(dir, 'a.txt');
        writeFileSync(path, 'hello');
        emu.inject({ path: 'upload/get_upload_server.cgi', type: 'delay', delayMs: 5000 });
        const child = spawn(process.execPath, [CLI, 'upload', path, '--api-base', emu.apiBase], {
          env: { PATH: process.env.PATH, ONEFICHIER_API_KEY: KEY },
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        const exited = once(child, 'exit');
        for (let i = 0; !sent('get_upload_server.cgi')(); i++) {
          assert.ok(i < 500, 'the CLI never asked for an upload node');
          await sleep(10);
        }
        const started = performance.now();
        child.kill('SIGINT');
        const [status] = await exited;
        const ms = performance.now() - started;
        assert.equal(status, 130, stderr);
        assert.match(stderr, /aborted/);
        // A process also has to exit: Node's own teardown is part of this bound.
        t.diagnostic(`settled ${ms.toFixed(1)} ms after the abort`);
        assert.ok(ms < 500, `${ms.toFixed(1)} ms`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('#4 timers: refused beyond what a timer holds, honoured exactly otherwise', BOUNDED, async () => {
    for (const options of [{ minIntervalMs: 2 ** 64 }, { floodWaitMs: 2 ** 40 }, { timeoutMs: 2 ** 31 }]) {
      assert.throws(
        () => new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, ...options }),
        (e) => e.code === 'invalid_input' && /2147483647/.test(e.message),
        JSON.stringify(options),
      );
    }
    const file = { name: 'a', data: new Uint8Array(1) };
    for (const options of [{ maxWaitMs: -5 }, { maxWaitMs: 2 ** 31 }, { answerTimeoutMs: 0.5 }]) {
      assert.equal((await failure(fast().upload(file, options))).code, 'invalid_input', JSON.stringify(options));
    }
    assert.equal(emu.requests.length, 0, 'nothing was sent');
    // end.pl never ready: the wait lasts maxWaitMs, not a fraction of it (0.1.0: 1.8 s of 3 s).
    const never = await startEmulator({ accounts: [{ key: KEY, email: 'demo@example.com' }], endPendingPolls: 1e6 });
    try {
      const client = new lib.Client({ apiKey: KEY, apiBase: never.apiBase, minIntervalMs: 0 });
      const started = performance.now();
      const error = await failure(client.upload(file, { maxWaitMs: 1200 }));
      const ms = performance.now() - started;
      assert.equal(error.code, 'timeout');
      assert.ok(ms >= 1200, `gave up after ${ms.toFixed(0)} ms`);
    } finally {
      await never.close();
    }
  });

  it('#5 pacing counts from when each request left, even after the event loop stalled', BOUNDED, async () => {
    const client = fast({ minIntervalMs: 300 });
    const calls = [client.userInfo(), client.userInfo(), client.userInfo()];
    // Stall the event loop for 700 ms once the first request is out.
    while (!emu.requests.some((r) => r.path === '/v1/user/info.cgi')) await sleep(1);
    const until = Date.now() + 700;
    while (Date.now() < until);
    await Promise.all(calls);
    const times = apiCalls('/v1/user/info.cgi').map((r) => r.time);
    assert.equal(times.length, 3);
    // 0.1.0 spaced them from planned start times: the 3rd left right behind the 2nd.
    assert.ok(times[2] - times[1] >= 290, `2nd → 3rd: ${times[2] - times[1]} ms`);
    assert.ok(times[1] - times[0] >= 290, `1st → 2nd: ${times[1] - times[0]} ms`);
  });

  it('#6 a node that lost the upload ("Pas de fichier") fails at once with not_found', BOUNDED, async () => {
    emu.inject({ path: 'end.pl', type: 'nofile' });
    const started = performance.now();
    const error = await failure(fast().upload({ name: 'a', data: new Uint8Array(1) }, { maxWaitMs: 60_000 }));
    assert.equal(error.code, 'not_found', error.message);
    assert.doesNotMatch(error.message, /later/);
    assert.ok(performance.now() - started < 5000, 'it did not wait out maxWaitMs');
  });

  describe('#7 the right codes', () => {
    it('a 403 "Flood detected" from upload.cgi is flood (0.1.0: forbidden)', BOUNDED, async () => {
      emu.inject({ path: 'upload.cgi', type: 'flood' });
      const error = await failure(fast().upload({ name: 'a', data: new Uint8Array(1) }));
      assert.equal(error.code, 'flood', error.message);
    });

    it(
      'an onProgress that throws stops the upload with invalid_input and its error as cause (0.1.0: network)',
      BOUNDED,
      async () => {
        const mistake = new Error('my bug');
        const error = await failure(
          fast().upload(
            { name: 'a', data: new Uint8Array(10) },
            {
              onProgress: ({ sent }) => {
                if (sent > 0) throw mistake;
              },
            },
          ),
        );
        assert.equal(error.code, 'invalid_input', error.message);
        assert.match(error.message, /onProgress threw: my bug/);
        assert.equal(error.cause, mistake);
      },
    );

    it("signal: 'nope' is invalid_input before any request (0.1.0: api after get_upload_server)", BOUNDED, async () => {
      const error = await failure(fast().upload({ name: 'a', data: new Uint8Array(1) }, { signal: 'nope' }));
      assert.equal(error.code, 'invalid_input');
      assert.equal(emu.requests.length, 0);
    });
  });

  it('#8 the key travels over https only, but to localhost or when the caller opts in', BOUNDED, () => {
    const make = (options) => () => new lib.Client({ apiKey: KEY, ...options });
    assert.throws(
      make({ apiBase: 'http://api.example.net/v1' }),
      (e) => e.code === 'invalid_input' && /https/.test(e.message),
    );
    const withPassword = 'https://user:s3cret@api.1fichier.com/v1';
    assert.throws(
      make({ apiBase: withPassword }),
      (e) => e.code === 'invalid_input' && !e.message.includes('s3cret') && /user name or password/.test(e.message),
    );
    assert.throws(make({ apiBase: withPassword, allowInsecureHttp: true }), (e) => e.code === 'invalid_input');
    assert.equal(
      make({ apiBase: 'http://api.example.net/v1', allowInsecureHttp: true })().apiBase,
      'http://api.example.net/v1',
    );
    assert.equal(make({ apiBase: 'http://[::1]:8080/v1' })().apiBase, 'http://[::1]:8080/v1');
    assert.throws(make({ allowInsecureHttp: 'yes' }), (e) => e.code === 'invalid_input');
  });

  // #9 (the CLI escapes control characters of server text): cli.test.js, "never lets a
  // control character from a name reach the terminal".

  it('#10 wrong types are errors, inherited and __proto__ keys are never read', BOUNDED, async () => {
    const client = fast();
    const url = 'https://1fichier.com/?abcde12345';
    const refusals = {
      "listFolder(0, 'x')": () => client.listFolder(0, 'x'),
      '{ sharingUser: 42 }': () => client.listFiles(0, { sharingUser: 42 }),
      "createFolder('d', 'x')": () => client.createFolder('d', 'x'),
      "{ signal: 'nope' }": () => client.userInfo({ signal: 'nope' }),
      '__proto__ inline': () => client.setFileAttributes(url, JSON.parse('{"__proto__":{"inline":true}}')),
    };
    for (const [what, call] of Object.entries(refusals)) {
      const error = await failure(call());
      assert.equal(error.code, 'invalid_input', what);
    }
    assert.equal(emu.requests.length, 0, 'nothing was sent');
  });
});
