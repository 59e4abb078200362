// The packed package in the toolchains people put it through, each as a user would: a Node
// app bundled into one file by esbuild (serverless functions, single-file CLIs), Jest's
// jsdom environment, require() on a Node that cannot require ES modules, and Cloudflare's
// workerd (the runtime of Workers). Bundlers for the web: bundlers.test.mjs.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { startEmulator } from '../emulator/index.js';
import { makeProject } from './install.mjs';
import { closedPort } from './scenario.mjs';

const KEY = 'DEMO0123456789abcdefDEMO01234567';
const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** Runs a Node script; resolves with its stdout, rejects with its stderr in the message. */
async function node(args, options = {}) {
  try {
    return (await run(process.execPath, args, { timeout: 60_000, ...options })).stdout;
  } catch (error) {
    throw new Error(`node ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
}

describe('the package in other toolchains', () => {
  let emu;
  let esm;
  let cjs;
  let elsewhere;
  /** The workerd process of its test, killed at the end even if that test timed out. */
  let workerd;
  before(async () => {
    emu = await startEmulator({ accounts: [{ key: KEY, email: 'demo@example.com', offer: 1 }] });
    esm = makeProject('module');
    cjs = makeProject('commonjs');
    // Where a bundle is deployed: no node_modules, no onefichier_bg.wasm next to it.
    elsewhere = mkdtempSync(join(tmpdir(), 'onefichier-bundle-'));
  });
  after(async () => {
    workerd?.kill();
    await emu?.close();
    for (const dir of [esm, cjs, elsewhere]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // What the app does: a sync helper, then an API call. CJS output allows no top-level
  // await, so that app uses require() and an async function.
  const app = (format, apiBase) => {
    const body = `
      const link = parseLink('https://1fichier.com/?abcdef12345');
      const client = new Client({ apiKey: '${KEY}', apiBase: '${apiBase}', minIntervalMs: 0 });
      const info = await client.userInfo();
      console.log(JSON.stringify({ kind: link.kind, email: info.email }));`;
    return format === 'esm'
      ? `import { Client, parseLink } from 'onefichier';${body}`
      : `const { Client, parseLink } = require('onefichier');\n(async () => {${body}})();`;
  };

  for (const format of ['esm', 'cjs']) {
    it(`a Node app bundled by esbuild (${format} output) runs away from node_modules`, async () => {
      const source = join(esm, `app-${format}.js`);
      writeFileSync(source, app(format, emu.apiBase));
      const outfile = join(elsewhere, `app.${format === 'esm' ? 'mjs' : 'cjs'}`);
      await esbuild.build({
        entryPoints: [source],
        bundle: true,
        platform: 'node',
        format,
        target: 'node18',
        outfile,
        logLevel: 'silent',
      });
      const printed = JSON.parse(await node([outfile], { cwd: elsewhere }));
      assert.deepEqual(printed, { kind: 'file', email: 'demo@example.com' });
    });
  }

  it("Jest with testEnvironment 'jsdom' (no TextDecoder, no fetch) imports and uses it", async () => {
    writeFileSync(
      join(cjs, 'jest.config.json'),
      JSON.stringify({ testEnvironment: require.resolve('jest-environment-jsdom'), rootDir: cjs }),
    );
    writeFileSync(
      join(cjs, 'user.test.js'),
      `
      const { Client, FichierError, parseLink } = require('onefichier');
      test('parses links and calls the API with a mocked fetch', async () => {
        expect(typeof TextDecoder).toBe('undefined');
        expect(parseLink('https://1fichier.com/?abcdef12345').kind).toBe('file');
        expect(new FichierError('auth', 'x')).toBeInstanceOf(Error);
        const sent = [];
        global.fetch = async (url, init) => {
          sent.push([url, init.method]);
          return { status: 200, text: async () => '{"status":"OK","email":"jé@example.com","offer":1}' };
        };
        const client = new Client({ apiKey: '${KEY}', minIntervalMs: 0 });
        const info = await client.userInfo();
        expect(info.email).toBe('jé@example.com');
        expect(info.premium).toBe(true);
        expect(sent).toEqual([['https://api.1fichier.com/v1/user/info.cgi', 'POST']]);
      });
      `,
    );
    const jest = join(dirname(require.resolve('jest/package.json')), 'bin', 'jest.js');
    const output = await run(process.execPath, [jest, '--ci', '--config', join(cjs, 'jest.config.json')], {
      cwd: cjs,
      timeout: 120_000,
    }).catch((error) => assert.fail(`Jest failed:\n${error.stderr}`));
    assert.match(output.stderr, /Tests: +1 passed, 1 total/);
  });

  it("require('onefichier/slim') on a Node that cannot require ES modules (18, 20 < 20.19, 22 < 22.12)", async () => {
    const script = join(cjs, 'slim.cjs');
    writeFileSync(
      script,
      `
      const { readFileSync } = require('node:fs');
      const { initSync, parseLink, isInitialized } = require('onefichier/slim');
      initSync(readFileSync(require.resolve('onefichier/onefichier_bg.wasm')));
      console.log(JSON.stringify({ ready: isInitialized(), kind: parseLink('https://1fichier.com/?abcdef12345').kind }));
      `,
    );
    // The flag makes this Node behave like those versions: require() of ESM throws.
    const printed = await node(['--no-experimental-require-module', script], { cwd: cjs });
    assert.deepEqual(JSON.parse(printed), { ready: true, kind: 'file' });
    const manifest = JSON.parse(readFileSync(join(cjs, 'node_modules', 'onefichier', 'package.json'), 'utf8'));
    assert.equal(manifest.exports['./slim'].require.default, './dist/slim.cjs');
  });

  it('the CommonJS slim typings resolve for a CommonJS TypeScript project', async () => {
    mkdirSync(join(cjs, 'src'), { recursive: true });
    writeFileSync(
      join(cjs, 'src', 'use.cts'),
      "import { initSync, Client, type FichierError } from 'onefichier/slim';\n" +
        'initSync(new Uint8Array(0));\nexport const made: Client = new Client();\nexport type E = FichierError;\n',
    );
    const tsc = require.resolve('typescript/bin/tsc');
    await node(
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--lib',
        'es2022',
        join(cjs, 'src', 'use.cts'),
      ],
      { cwd: cjs },
    );
  });

  it('Cloudflare workerd: slim with the wasm imported as a module works; the default entry says why not', {
    timeout: 60_000,
  }, async () => {
    // What wrangler builds from the README's worker: modules named as they are imported.
    const worker = `
      import { Client, initSync, parseLink } from 'onefichier/slim';
      import wasm from 'onefichier/onefichier_bg.wasm';
      import * as full from 'onefichier';

      initSync(wasm);

      export default {
        async fetch(request, env) {
          if (new URL(request.url).pathname === '/full') {
            try {
              full.parseLink('https://1fichier.com/?abcdef12345');
              return new Response('loaded');
            } catch (error) {
              return new Response(error.message, { status: 500 });
            }
          }
          const client = new Client({ apiKey: env.ONEFICHIER_API_KEY, apiBase: env.API_BASE, minIntervalMs: 0 });
          const { email } = await client.userInfo();
          return Response.json({ kind: parseLink('https://1fichier.com/?abcdef12345').kind, email });
        },
      };`;
    writeFileSync(join(esm, 'worker.js'), worker);
    const port = await closedPort();
    const installed = 'node_modules/onefichier';
    writeFileSync(
      join(esm, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
      const config :Workerd.Config = (
        services = [
          (name = "main", worker = .worker),
          (name = "outbound", network = (allow = ["public", "private", "local"])),
        ],
        sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
      );
      const worker :Workerd.Worker = (
        modules = [
          (name = "worker.js", esModule = embed "worker.js"),
          (name = "onefichier/slim", esModule = embed "${installed}/dist/slim.js"),
          (name = "onefichier", esModule = embed "${installed}/dist/browser.js"),
          (name = "onefichier/onefichier_bg.wasm", wasm = embed "${installed}/onefichier_bg.wasm"),
        ],
        bindings = [
          (name = "ONEFICHIER_API_KEY", text = "${KEY}"),
          (name = "API_BASE", text = "${emu.apiBase}"),
        ],
        compatibilityDate = "2024-09-23",
        globalOutbound = "outbound",
      );`,
    );
    workerd = spawn(require.resolve('workerd/bin/workerd'), ['serve', 'config.capnp'], { cwd: esm });
    let log = '';
    workerd.stderr.on('data', (chunk) => {
      log += chunk;
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      let answer;
      for (let i = 0; !answer; i++) {
        assert.ok(i < 300, `workerd did not start: ${log}`);
        answer = await fetch(base, { signal: AbortSignal.timeout(10_000) }).catch(() =>
          sleep(50).then(() => undefined),
        );
      }
      assert.equal(answer.status, 200, log);
      assert.deepEqual(await answer.json(), { kind: 'file', email: 'demo@example.com' });
      const full = await fetch(`${base}/full`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(full.status, 500);
      assert.match(
        await full.text(),
        /refused to compile .*import 'onefichier\/slim' and pass the wasm module to initSync/,
      );
    } finally {
      workerd.kill();
      await once(workerd, 'exit');
      workerd = undefined;
    }
  });
});
