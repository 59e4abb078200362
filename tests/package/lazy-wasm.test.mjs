// Importing the package must not compile or instantiate its wasm (an app that imports it but
// never calls it pays nothing): that happens on the first use of a client. Checked on the
// installed tarball, in ESM and in CommonJS, by counting every way of making a wasm module or
// instance before the package is loaded. Node's own fetch (undici) compiles a wasm HTTP parser
// on its first request, so only modules made by wasm-bindgen (exports named `__wbg…` or
// `__wbindgen…`) count as the package's.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import { makeProject } from './install.mjs';
import { KEY } from './scenario.mjs';

/** One entry per module or instance made: how, and its export names. */
const made = [];
const exportsOf = (value) => {
  if (value instanceof WebAssembly.Module) return WebAssembly.Module.exports(value).map((e) => e.name);
  if (value instanceof WebAssembly.Instance) return Object.keys(value.exports);
  if (value?.instance instanceof WebAssembly.Instance) return Object.keys(value.instance.exports);
  return [];
};
const record = (how, value) => {
  made.push({ how, exports: exportsOf(value) });
  return value;
};
const ours = () => made.filter((m) => m.exports.some((name) => /^__wb(g|indgen)/.test(name)));

function countWasm() {
  for (const name of ['Module', 'Instance']) {
    const Real = WebAssembly[name];
    WebAssembly[name] = new Proxy(Real, {
      construct: (target, args, newTarget) => record(`new ${name}`, Reflect.construct(target, args, newTarget)),
    });
  }
  for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
    const real = WebAssembly[name];
    if (typeof real !== 'function') continue;
    WebAssembly[name] = (...args) => real.apply(WebAssembly, args).then((value) => record(name, value));
  }
}

let project, emu;

before(async () => {
  project = makeProject('module');
  writeFileSync(join(project, 'entry.mjs'), "export * from 'onefichier';\n");
  emu = await startEmulator();
  countWasm();
});

after(async () => {
  await emu?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Loads the package with `load`, then makes the first call; checks when the wasm appears. */
async function check(load) {
  made.length = 0;
  const lib = await load();
  assert.deepEqual(ours(), [], 'the wasm was made at import');
  // What needs no wasm works before it.
  const error = new lib.FichierError('auth', 'x');
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'FichierError');
  assert.equal(error.code, 'auth');
  assert.equal(error.retryable, false);
  assert.equal(typeof lib.Client, 'function');
  assert.deepEqual(ours(), [], 'the wasm was made before the first client call');

  const client = new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0 });
  assert.equal((await client.userInfo()).email, 'demo@example.com');
  // The counting catches how the package makes its wasm (otherwise this test proves nothing).
  assert.ok(ours().length > 0, `the package's wasm was not seen: ${JSON.stringify(made)}`);
  const before = ours().length;
  await client.userInfo();
  await new lib.Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0 }).userInfo();
  assert.equal(ours().length, before, 'the wasm is made once');
}

it('import does not instantiate the wasm; the first client call does (ESM)', async () => {
  await check(() => import(pathToFileURL(join(project, 'entry.mjs')).href));
});

it('require does not instantiate the wasm; the first client call does (CommonJS)', async () => {
  await check(() => createRequire(join(project, 'index.js'))('onefichier'));
});
