#!/usr/bin/env node
// Memory growth of one client over many calls, in a fresh Node process, for bench/run.mjs:
//   node --expose-gc bench/memory-process.mjs '{"apiBase":…,"key":…,"calls":100000,"warmup":2000}'
// `new Client({ apiKey, apiBase, minIntervalMs: 0 })` from pkg/dist/node.mjs makes `warmup` calls of
// `userInfo()`, then, after a full GC, `calls` more, one at a time, then a full GC again. The wasm
// memory is read from the package's wasm instance, caught when it is made (WebAssembly.Instance
// and WebAssembly.instantiate are wrapped before the package is imported; wasm-bindgen instances
// are told apart from Node's own, undici's HTTP parser, by their `__wbindgen…` exports).
// Prints one JSON line: { calls, seconds, cpuUsPerCall, before, after } where before/after are
// { heapUsed, wasm, rss, external, arrayBuffers } in bytes (`wasm` null when no instance was seen).

const { apiBase, key, calls, warmup } = JSON.parse(process.argv[2]);

const memories = [];
function keep(instance) {
  const names = Object.keys(instance?.exports ?? {});
  if (!names.some((name) => /^__wb(g|indgen)/.test(name))) return;
  for (const value of Object.values(instance.exports)) {
    if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
  }
}
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    keep(instance);
    return instance;
  },
});
const realInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = (...args) =>
  realInstantiate.apply(WebAssembly, args).then((result) => {
    keep(result instanceof RealInstance ? result : result.instance);
    return result;
  });
if (typeof WebAssembly.instantiateStreaming === 'function') {
  const realStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...args) =>
    realStreaming.apply(WebAssembly, args).then((result) => {
      keep(result.instance);
      return result;
    });
}

const { Client } = await import('../pkg/dist/node.mjs');
const client = new Client({ apiKey: key, apiBase, minIntervalMs: 0 });

/** Several full GCs with turns of the event loop between them (finalizers, undici's pool). */
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function measure() {
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  const wasm = memories.length ? memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0) : null;
  return { heapUsed, wasm, rss, external, arrayBuffers };
}

for (let i = 0; i < warmup; i++) await client.userInfo();
await settle();
const before = measure();
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < calls; i++) await client.userInfo();
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
await settle();
const after = measure();
process.stdout.write(
  `${JSON.stringify({ calls, seconds, cpuUsPerCall: (used.user + used.system) / calls, before, after })}\n`,
);
