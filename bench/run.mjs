#!/usr/bin/env node
// Benchmark of the built npm package (pkg/): sizes (package, browser entry, extension zips),
// per-call latency and CPU against a bare fetch, memory growth over many calls, a large upload
// and a large download against curl, Whirlpool hashing against OpenSSL's, all against the local 1fichier emulator (tests/emulator/) running in a child
// process; ends with one table of the budgets, each PASS or FAIL. See bench/README.md.
//   node bench/run.mjs [--quick] [--strict]
// --quick: smaller and shorter (the budgets are then only indicative); --strict: exit 2 when a
// budget fails. Tables (markdown) go to stdout, progress notes to stderr. The machine may be
// noisy: every comparison is a ratio to a baseline measured in the same run, interleaved with it.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick');
const STRICT = process.argv.includes('--strict');
for (const arg of process.argv.slice(2)) {
  if (!['--quick', '--strict'].includes(arg)) {
    process.stderr.write(`unknown argument ${arg}; usage: node bench/run.mjs [--quick] [--strict]\n`);
    process.exit(2);
  }
}
const MiB = 1024 * 1024;
const kB = 1000;
const KEY = 'DEMO0123456789abcdefDEMO01234567';
const CONFIG = QUICK
  ? {
      warmup: 30,
      calls: 50,
      rounds: 4,
      memoryWarmup: 500,
      memoryCalls: 10_000,
      uploadBytes: 256 * MiB,
      uploadLabel: '256 MiB',
      uploadCycles: 1,
      downloadBytes: 256 * MiB,
      downloadLabel: '256 MiB',
      hashBytes: 64 * MiB,
      budgetS: 75,
      watchdogMs: 180_000,
    }
  : {
      warmup: 100,
      calls: 400,
      rounds: 8,
      memoryWarmup: 2000,
      memoryCalls: 100_000,
      uploadBytes: 1024 * MiB,
      uploadLabel: '1 GiB',
      uploadCycles: 2,
      downloadBytes: 1024 * MiB,
      downloadLabel: '1 GiB',
      hashBytes: 256 * MiB,
      budgetS: 260,
      watchdogMs: 900_000,
    };
// The client's default limit of one request: the bare fetch gets the same timer.
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * The budgets of the summary table, all from the 0.2.0 brief (issue 6). `from`: where the
 * limit comes from.
 */
const BUDGETS = {
  browserEntry: { limit: 50 * kB, from: '0.2.0 brief' },
  wasm: { limit: 45 * kB, from: '0.2.0 brief' },
  extensionZip: { limit: 100 * kB, from: '0.2.0 brief' },
  callRatio: { limit: 1.05, from: '0.2.0 brief' },
  callCpuUs: { limit: 25, from: '0.2.0 brief' },
  memoryGrowth: { limit: 1e6, from: '0.2.0 brief (1 MB)' },
  // "≥ 0.9× curl -F" in throughput is at most 1 / 0.9 of curl's time.
  uploadRatio: { limit: 1 / 0.9, from: '0.2.0 brief (≥ 0.9× curl throughput)' },
  uploadRss: { limit: 64 * MiB, from: '0.2.0 brief' },
  downloadRatio: { limit: 1 / 0.9, from: 'downloads brief (≥ 0.9× curl throughput)' },
  downloadRss: { limit: 64 * MiB, from: 'downloads brief' },
};
// Upload order, mirrored (ABCCBA, repeated): each tool gets early and late slots, so a drift of
// the machine (page cache, another job starting) weighs on all of them the same way.
// A further cycle runs only if the previous one's duration still fits in the run's time budget.
const UPLOAD_CYCLE = ['curl', 'client', 'node', 'node', 'client', 'curl'];
const WARMUP_UPLOAD_BYTES = 32 * MiB;
const UPLOAD_TIMEOUT_S = 150;
const RSS_SAMPLE_MS = 50;

const note = (text) => process.stderr.write(`[bench] ${text}\n`);
const out = (text = '') => process.stdout.write(`${text}\n`);

// ---- small statistics and formatting helpers

const sorted = (values) => [...values].sort((a, b) => a - b);
function quantile(values, q) {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]; // nearest rank
}
const median = (values) => {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(2)}` : 'n/a');
const mib = (bytes) => (Number.isFinite(bytes) ? (bytes / MiB).toFixed(1) : 'n/a');
const int = (n) => n.toLocaleString('en-US');

function table(header, rows, align = []) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

// ---- the emulator child process

async function startEmulatorProcess(options, execArgv = []) {
  const child = spawn(
    process.execPath,
    [...execArgv, join(root, 'bench', 'emulator-process.mjs'), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the emulator process exited (${code}) before it started`);
    }),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the emulator process did not start within 15 s')), 15_000).unref(),
    ),
  ]);
  const info = JSON.parse(first);
  return {
    ...info,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end(); // emulator-process.mjs closes the emulator and exits when stdin ends
      const timer = setTimeout(() => child.kill('SIGKILL'), 6000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function control(emu, method, path) {
  const res = await fetch(`${emu.origin}/__emulator/${path}`, { method });
  if (!res.ok) throw new Error(`emulator control ${method} ${path}: HTTP ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/**
 * Waits for `child` to end: `{ code, stdout, stderr, peakRssKb }`. With `watchRss`, `peakRssKb`
 * is the kernel's high-water mark of its RSS (VmHWM), read every 50 ms while it runs.
 */
async function finished(child, { watchRss = false } = {}) {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  let peakRssKb = NaN;
  const poll =
    watchRss &&
    setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        if (kb > (peakRssKb || 0)) peakRssKb = kb;
      } catch {
        /* it has exited */
      }
    }, RSS_SAMPLE_MS);
  const [code] = await once(child, 'close');
  if (poll) clearInterval(poll);
  return { code, stdout, stderr, peakRssKb };
}

/**
 * `bench/<script>` in a fresh `node --expose-gc` process (memory does not then depend on what
 * this process did before): its last line on stdout, as JSON. Killed after `killAfterS`.
 */
async function inFreshProcess(script, args, { execArgv = [], killAfterS = 600 } = {}) {
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...execArgv, join(root, 'bench', script), JSON.stringify(args)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterS * 1000);
  const { code, stdout, stderr } = await finished(child);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${script} ${args.tool ?? ''} failed (exit ${code}): ${stderr.slice(-1000)}`);
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

// ---- 1. sizes

function sizesSection() {
  const files = [
    join(root, 'pkg', 'onefichier_bg.wasm'),
    ...readdirSync(join(root, 'pkg', 'dist'))
      .sort()
      .map((name) => join(root, 'pkg', 'dist', name)),
  ];
  const rows = files.map((path) => {
    const raw = readFileSync(path);
    const gz = gzipSync(raw, { level: 9 }).length;
    return [`\`${relative(root, path)}\``, int(raw.length), int(gz), `${((100 * gz) / raw.length).toFixed(0)} %`];
  });
  out('## 1. Sizes (bytes)');
  out();
  out(table(['file', 'raw', 'gzip -9', 'gzip/raw'], rows, ['', 'r', 'r', 'r']));
  out();
  const wasm = gzipSync(readFileSync(files[0]), { level: 9 }).length;
  const browser = browserEntrySize(wasm);
  out(`- Browser entry (\`import 'onefichier'\` in a browser): ${browser.how}: ${int(browser.gzip)} bytes gzip -9.`);
  for (const chunk of browser.lazy)
    out(
      `- Loaded on first use only (\`import()\`; bundlers split it off): \`dist/${chunk.name}\`, ${int(chunk.gzip)} bytes gzip -9.`,
    );
  const zips = extensionZips();
  for (const zip of zips) out(`- Extension: \`${relative(root, zip.path)}\`, ${int(zip.bytes)} bytes (zip as packed).`);
  if (!zips.length) out('- Extension: no zip in extension/dist/ (build it: node scripts/build-extension.mjs).');
  out();
  return { wasm, browser: browser.gzip, zips };
}

/**
 * What a browser downloads for `import 'onefichier'`, gzipped: dist/browser.js, the dist files it
 * imports statically, and the wasm when it is fetched as a file rather than embedded (a long
 * base64 run). Chunks it imports dynamically (`import('./x.js')`, the Whirlpool hasher) are
 * fetched only when used, and are listed apart (`lazy`).
 */
function browserEntrySize(wasmGzip) {
  const dist = join(root, 'pkg', 'dist');
  const seen = new Set();
  const lazy = new Set();
  const visit = (name) => {
    if (seen.has(name) || !existsSync(join(dist, name))) return;
    seen.add(name);
    const text = readFileSync(join(dist, name), 'utf8');
    for (const [, spec] of text.matchAll(/(?:\bfrom|\bimport)\s*['"]\.\/([^'"]+\.m?js)['"]/g)) visit(spec);
    for (const [, spec] of text.matchAll(/\bimport\s*\(\s*['"]\.\/([^'"]+\.m?js)['"]\s*\)/g)) lazy.add(spec);
  };
  visit('browser.js');
  const chunks = [...lazy]
    .filter((name) => !seen.has(name) && existsSync(join(dist, name)))
    .map((name) => ({ name, gzip: gzipSync(readFileSync(join(dist, name)), { level: 9 }).length }));
  const texts = [...seen].map((name) => readFileSync(join(dist, name), 'utf8'));
  const embedded = texts.some((text) => /[A-Za-z0-9+/]{20000,}/.test(text));
  const fetched = !embedded && texts.some((text) => text.includes('onefichier_bg.wasm'));
  const js = texts.reduce((sum, text) => sum + gzipSync(text, { level: 9 }).length, 0);
  const files = [...seen].map((name) => `dist/${name}`).join(' + ');
  if (fetched) return { gzip: js + wasmGzip, how: `${files} + onefichier_bg.wasm (fetched as a file)`, lazy: chunks };
  return { gzip: js, how: `${files}${embedded ? ' (wasm embedded)' : ' (no wasm found in it)'}`, lazy: chunks };
}

/** The packed extension zips (scripts/build-extension.mjs), if built. */
function extensionZips() {
  const dist = join(root, 'extension', 'dist');
  if (!existsSync(dist)) return [];
  return readdirSync(dist)
    .filter((name) => name.endsWith('.zip'))
    .sort()
    .map((name) => ({ path: join(dist, name), bytes: statSync(join(dist, name)).size }));
}

// ---- 2. per-call latency

async function latencySection(emu, Client) {
  const client = new Client({ apiKey: KEY, apiBase: emu.apiBase, minIntervalMs: 0 });
  const headers = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
  // What a careful caller writes: a timer per request, like the client's timeoutMs.
  const bare = (path, body) => async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const res = await fetch(`${emu.apiBase}/${path}`, { method: 'POST', headers, body, signal: controller.signal });
      return await res.json();
    } finally {
      clearTimeout(timer);
    }
  };
  // `control` is a second, identical bare fetch: its ratio to `bare` is the resolution of the
  // measurement (×1.00 and ±a few µs when the machine is quiet).
  const op = (name, path, body, call) => ({
    name,
    client: call,
    bare: bare(path, body),
    control: bare(path, body),
  });
  const ops = [
    op('listFiles(0)', 'file/ls.cgi', '{"folder_id":0}', () => client.listFiles(0)),
    op('userInfo()', 'user/info.cgi', '{}', () => client.userInfo()),
  ];

  // The two sides must send the same request for the comparison to mean anything: check what
  // the emulator recorded for one call of each.
  const checks = [];
  for (const op of ops) {
    await control(emu, 'DELETE', 'requests');
    await op.client();
    await op.bare();
    const recorded = await control(emu, 'GET', 'requests');
    const list = Array.isArray(recorded) ? recorded : (recorded.requests ?? []);
    const [a, b] = list.filter((r) => r.server === 'api');
    const same =
      a &&
      b &&
      a.method === b.method &&
      a.path === b.path &&
      JSON.stringify(a.body) === JSON.stringify(b.body) &&
      a.headers.authorization === b.headers.authorization;
    checks.push(
      `${op.name}: client sent ${a ? `${a.method} ${a.path} ${JSON.stringify(a.body)}` : '?'}, bare ${b ? `${b.method} ${b.path} ${JSON.stringify(b.body)}` : '?'}${same ? ' (same)' : ' (DIFFERENT)'}`,
    );
  }

  const SIDES = ['client', 'bare', 'control'];
  const samples = new Map(
    ops.map((op) => [op.name, Object.fromEntries(SIDES.map((side) => [side, { wall: [], cpuUs: 0 }]))]),
  );
  // One call: its wall time in ms, and the CPU time of this process in µs (every thread: the
  // emulator runs in another process).
  const timed = async (fn) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await fn();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { wall, cpuUs: used.user + used.system };
  };
  note(`latency: warm-up ${CONFIG.warmup} calls per side and operation`);
  for (const op of ops) for (const side of SIDES) for (let i = 0; i < CONFIG.warmup; i++) await op[side]();
  for (let round = 0; round < CONFIG.rounds; round++) {
    note(`latency: round ${round + 1}/${CONFIG.rounds} (${CONFIG.calls} calls per side and operation)`);
    for (const op of ops) {
      const s = samples.get(op.name);
      // The sides take turns call by call, the first one rotating: whatever the machine does
      // meanwhile (other jobs, frequency changes, GC of earlier calls) falls on all of them alike.
      for (let i = 0; i < CONFIG.calls; i++) {
        for (let k = 0; k < SIDES.length; k++) {
          const side = SIDES[(i + round + k) % SIDES.length];
          const { wall, cpuUs } = await timed(op[side]);
          s[side].wall.push(wall);
          s[side].cpuUs += cpuUs;
        }
      }
    }
  }
  await control(emu, 'DELETE', 'requests');

  const rows = [];
  const summary = {};
  for (const op of ops) {
    const s = samples.get(op.name);
    const b = s.bare.wall;
    const [bm, bp, bc] = [median(b), quantile(b, 0.95), s.bare.cpuUs / b.length];
    for (const side of ['client', 'control']) {
      const c = s[side].wall;
      const [cm, cp, cc] = [median(c), quantile(c, 0.95), s[side].cpuUs / c.length];
      if (side === 'client') summary[op.name] = { ratio: cm / bm, cpuUs: cc - bc };
      rows.push([
        side === 'client' ? op.name : `control: a 2nd bare ${op.name.replace(/\(.*/, '')}`,
        String(c.length),
        fmt(cm, 3),
        fmt(bm, 3),
        ratio(cm, bm),
        fmt(cp, 3),
        fmt(bp, 3),
        ratio(cp, bp),
        fmt((cm - bm) * 1000, 0),
        fmt(cc, 0),
        fmt(bc, 0),
        fmt(cc - bc, 0),
      ]);
    }
  }
  out('## 2. Per-call latency and CPU (ms and µs per call)');
  out();
  out(
    `Emulator in a separate child process (pid ${emu.pid}); both sides use this process's global \`fetch\`` +
      ` (same keep-alive pool) and run one call at a time. ${CONFIG.warmup} warm-up calls per side, then` +
      ` ${CONFIG.rounds} rounds of ${CONFIG.calls} calls per side, the sides taking turns call by call (the first` +
      ' one rotating). The control row is a second, identical bare fetch against the first: the resolution of' +
      ' the measurement.' +
      ' Client: `new Client({ apiKey, apiBase, minIntervalMs: 0 })`; bare: `fetch(url, { method: "POST",' +
      ' headers: { Authorization, Content-Type }, body, signal })` then `res.json()`, with an `AbortController`' +
      ` and a \`setTimeout\` of ${REQUEST_TIMEOUT_MS} ms per request (the client's default \`timeoutMs\`), cleared` +
      ' after it. CPU: `process.cpuUsage()` (user + system, this process) around each call, summed per side' +
      ' and divided by the number of calls.',
  );
  out();
  out(
    table(
      [
        'call',
        'calls/side',
        'client median',
        'bare median',
        'client/bare median',
        'client p95',
        'bare p95',
        'client/bare p95',
        'added µs (median)',
        'client CPU µs/call',
        'bare CPU µs/call',
        'added CPU µs/call',
      ],
      rows,
      ['', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out();
  for (const check of checks) out(`- ${check}`);
  out();
  return summary;
}

// ---- 3. memory over many calls

/**
 * `CONFIG.memoryCalls` calls of `userInfo()` by one client in a fresh process
 * (bench/memory-process.mjs, run with --expose-gc): JS heap and wasm memory after a full GC,
 * before and after the calls.
 */
async function memorySection(emu) {
  note(`memory: ${int(CONFIG.memoryCalls)} calls of userInfo() in a fresh process`);
  const m = await inFreshProcess('memory-process.mjs', {
    apiBase: emu.apiBase,
    key: KEY,
    calls: CONFIG.memoryCalls,
    warmup: CONFIG.memoryWarmup,
  });
  const growth = (key) => (m.after[key] ?? NaN) - (m.before[key] ?? NaN);
  const total = growth('heapUsed') + (m.before.wasm === null ? 0 : growth('wasm'));
  const row = (label, key) => [label, mib(m.before[key] ?? NaN), mib(m.after[key] ?? NaN), mib(growth(key))];
  await control(emu, 'DELETE', 'requests');
  out(`## 3. Memory over ${int(m.calls)} calls (MiB)`);
  out();
  out(
    `\`new Client({ apiKey, apiBase, minIntervalMs: 0 })\` in a fresh Node process (bench/memory-process.mjs,` +
      ` --expose-gc): ${int(CONFIG.memoryWarmup)} warm-up calls of \`userInfo()\`, full GC, ${int(m.calls)} calls` +
      ` one at a time (${fmt(m.seconds, 1)} s, ${fmt(m.cpuUsPerCall, 0)} CPU µs per call), full GC. The wasm` +
      " memory is that of the package's wasm instance (it only grows)." +
      (m.before.wasm === null ? ' **The wasm instance was not seen: its memory is not counted.**' : ''),
  );
  out();
  out(
    table(
      ['memory', 'before', 'after', 'growth'],
      [
        row('JS heap used', 'heapUsed'),
        m.before.wasm === null ? ['wasm memory', 'n/a', 'n/a', 'n/a'] : row('wasm memory', 'wasm'),
        ['**JS heap + wasm**', '', '', mib(total)],
        row('RSS (whole process, for reference)', 'rss'),
        row('external (for reference)', 'external'),
      ],
      ['', 'r', 'r', 'r'],
    ),
  );
  out();
  return { growth: total, calls: m.calls, wasmSeen: m.before.wasm !== null };
}

// ---- 4. upload

async function makeSparseFile(bytes, tag) {
  const path = join(tmpdir(), `onefichier-bench-${process.pid}-${tag}.bin`);
  const handle = await open(path, 'w');
  try {
    await handle.truncate(bytes);
  } finally {
    await handle.close();
  }
  return path;
}

/** GNU time's -v report → { maxRssKb, userS, sysS }. */
function parseTimeReport(text) {
  const field = (label) => Number(new RegExp(`${label}[^:]*:\\s*([\\d.]+)`).exec(text)?.[1]);
  return {
    maxRssKb: field('Maximum resident set size'),
    userS: field('User time'),
    sysS: field('System time'),
    minorFaults: field('Minor \\(reclaiming a frame\\) page faults'),
  };
}

function hasGnuTime() {
  if (!existsSync('/usr/bin/time')) return false;
  const probe = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
}

async function uploadWithCurl(emu, path, useTime) {
  const started = performance.now();
  const server = await (
    await fetch(`${emu.apiBase}/upload/get_upload_server.cgi`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: '{}',
    })
  ).json();
  const curlArgs = [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '--max-time',
    String(UPLOAD_TIMEOUT_S),
    '-F',
    `file[]=@${path}`,
    `http://${server.url}/upload.cgi?id=${server.id}`,
  ];
  const child = useTime ? spawn('/usr/bin/time', ['-v', 'curl', ...curlArgs]) : spawn('curl', curlArgs);
  // Without GNU time: the kernel's own high-water mark of curl's RSS, read while it runs.
  const { code, stdout, stderr, peakRssKb } = await finished(child, { watchRss: !useTime });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || stdout.trim() !== '302')
    throw new Error(`curl failed (exit ${code}, HTTP ${stdout.trim()}): ${stderr.slice(-500)}`);
  const report = useTime ? parseTimeReport(stderr) : { maxRssKb: peakRssKb, userS: NaN, sysS: NaN, minorFaults: NaN };
  return {
    seconds,
    peakRss: report.maxRssKb * 1024,
    rssGrowth: NaN,
    buffersGrowth: NaN,
    cpuS: report.userS + report.sysS,
    userS: report.userS,
    sysS: report.sysS,
    minorFaults: report.minorFaults,
  };
}

/**
 * One upload by the client (`tool: 'client'`) or by the node:http reference (`tool: 'node'`) in
 * a fresh process (bench/upload-process.mjs), which measures itself: wall time of the call, its
 * CPU time and minor page faults, its RSS and ArrayBuffer memory sampled every 50 ms against a
 * baseline taken right before the call, after a full GC.
 */
async function uploadInFreshProcess(tool, emu, path, size) {
  const args = { tool, path, size, apiBase: emu.apiBase, key: KEY, timeoutS: UPLOAD_TIMEOUT_S };
  return inFreshProcess('upload-process.mjs', args, { killAfterS: UPLOAD_TIMEOUT_S + 30 });
}

/** What the emulator received in the last upload.cgi request: the file's size. */
async function receivedSize(emu) {
  const recorded = await control(emu, 'GET', 'requests');
  const list = Array.isArray(recorded) ? recorded : (recorded.requests ?? []);
  const upload = list.filter((r) => r.server === 'upload' && r.path === '/upload.cgi').at(-1);
  return upload?.body?.files?.[0]?.size;
}

/** Reads the file once, so that its (zero) pages are in the page cache before any timed run. */
async function preRead(path) {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * MiB);
    while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0);
  } finally {
    await handle.close();
  }
}

async function uploadSection(emu, path, warmupPath) {
  const size = CONFIG.uploadBytes;
  const useTime = hasGnuTime();
  const runs = { client: [], curl: [], node: [] };
  const order = [];
  // Not counted: a small upload by each tool, so that the emulator's multipart parser is compiled
  // (and the tools' files are in the page cache) before the first timed run.
  note(`upload warm-up: ${WARMUP_UPLOAD_BYTES / MiB} MiB by each tool, and the big file read once`);
  await uploadWithCurl(emu, warmupPath, useTime);
  await uploadInFreshProcess('client', emu, warmupPath, WARMUP_UPLOAD_BYTES);
  await uploadInFreshProcess('node', emu, warmupPath, WARMUP_UPLOAD_BYTES);
  await preRead(path);
  for (let cycle = 0; cycle < CONFIG.uploadCycles; cycle++) {
    const cycleStarted = performance.now();
    for (const tool of UPLOAD_CYCLE) {
      await control(emu, 'POST', 'reset'); // drops the previous upload's blob (disk) in the emulator
      order.push(tool);
      note(`upload ${order.length} (cycle ${cycle + 1}/${CONFIG.uploadCycles}): ${tool}, ${CONFIG.uploadLabel}`);
      const run =
        tool === 'curl' ? await uploadWithCurl(emu, path, useTime) : await uploadInFreshProcess(tool, emu, path, size);
      const got = await receivedSize(emu);
      if (got !== size) throw new Error(`the emulator received ${got} bytes from ${tool}, not ${size}`);
      run.mibPerS = size / MiB / run.seconds;
      note(`  ${fmt(run.seconds)} s, ${fmt(run.mibPerS, 0)} MiB/s`);
      runs[tool].push(run);
    }
    const elapsedS = (performance.now() - startedAt) / 1000;
    const cycleS = (performance.now() - cycleStarted) / 1000;
    if (cycle + 1 < CONFIG.uploadCycles && elapsedS + cycleS > CONFIG.budgetS) {
      note(
        `skipping the remaining upload cycles: ${fmt(elapsedS, 0)} s + ${fmt(cycleS, 0)} s would pass the ${CONFIG.budgetS} s budget`,
      );
      break;
    }
  }
  await control(emu, 'POST', 'reset');

  const list = (tool, key, f) => runs[tool].map((r) => f(r[key])).join(', ');
  const med = (tool, key) => median(runs[tool].map((r) => r[key]));
  const max = (tool, key) => Math.max(...runs[tool].map((r) => r[key]));
  const cell = (tool, key, agg, f) => `${f(agg(tool, key))} (${list(tool, key, f)})`;
  // One row: client, curl, client/curl, node:http, client/node:http. `curlKey` lets the memory
  // row compare the client's RSS growth with curl's whole-process peak.
  const row = (label, key, agg, f, { curlKey = key, nodeRatio = true } = {}) => [
    label,
    cell('client', key, agg, f),
    cell('curl', curlKey, agg, f),
    ratio(agg('client', key), agg('curl', curlKey)),
    cell('node', key, agg, f),
    nodeRatio ? ratio(agg('client', key), agg('node', key)) : '',
  ];
  const rows = [
    row('throughput, MiB/s (median)', 'mibPerS', med, (v) => fmt(v, 0)),
    row('wall time, s (median)', 'seconds', med, (v) => fmt(v, 2)),
    row('CPU time user+sys, s (median)', 'cpuS', med, (v) => fmt(v, 2)),
    row('… user, s (median)', 'userS', med, (v) => fmt(v, 2)),
    row('… sys, s (median)', 'sysS', med, (v) => fmt(v, 2)),
    row('minor page faults, thousands (median)', 'minorFaults', med, (v) => fmt(v / 1000, 1)),
    row("upload memory, MiB (max): RSS growth (client, node:http) vs curl's whole peak RSS", 'rssGrowth', max, mib, {
      curlKey: 'peakRss',
    }),
    row('… ArrayBuffer growth (read chunks not yet collected), MiB (max)', 'buffersGrowth', max, mib),
    row('RSS before the upload (fresh Node process, after import and GC), MiB (max)', 'baselineRss', max, mib),
    row('whole-process peak RSS, MiB (max; client and node:http include Node itself)', 'peakRss', max, mib),
  ].map((cells) => cells.map((c) => c.replace(/n\/a \((n\/a(, )?)*\)/, 'n/a')));
  out(`## 4. Upload of a ${CONFIG.uploadLabel} file (${int(size)} bytes, sparse)`);
  out();
  out(
    `Emulator in a separate child process (pid ${emu.pid}, \`endPendingPolls: 0\`), reset before each upload.` +
      ` Order ${order.join(', ')}; each cell: aggregate (every run).` +
      ' Client: `client.upload(path)` in a fresh Node process per upload (bench/upload-process.mjs, so that' +
      ' memory does not depend on what ran before), timed from the call to the links (get_upload_server,' +
      ' the multipart POST through node:http, one end.pl poll); that process samples its RSS (and ArrayBuffer' +
      ' memory) every 50 ms against a baseline taken right before the call, after a full GC. curl: `curl -s -o /dev/null -w %{http_code} --max-time 150 -F "file[]=@<path>"' +
      ' http://<uploadHost>/upload.cgi?id=<id>`, timed from the get_upload_server call (made with fetch' +
      ` from this process) to curl's exit; its peak RSS is the whole curl process, from ${
        useTime ? '`/usr/bin/time -v` ("Maximum resident set size")' : '/proc/<pid>/status VmHWM read every 50 ms'
      }.` +
      ' node:http (reference for the cost of Node itself): the same multipart body streamed by hand with' +
      ' `http.request` from `createReadStream(path, { highWaterMark: 1 MiB })`, after the same get_upload_server call,' +
      ' no end.pl poll; in a fresh process too, measured like the client.' +
      ' Every upload was checked: the emulator received exactly the file size. Not timed: one' +
      ` ${WARMUP_UPLOAD_BYTES / MiB} MiB warm-up upload per tool, and one read of the file to put it in the page cache.`,
  );
  out();
  out(
    table(['metric', 'client.upload', 'curl', 'client/curl', 'node:http', 'client/node:http'], rows, [
      '',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
  );
  out();
  return {
    wallRatio: med('client', 'seconds') / med('curl', 'seconds'),
    throughput: med('client', 'mibPerS') / med('curl', 'mibPerS'),
    throughputNode: med('client', 'mibPerS') / med('node', 'mibPerS'),
    cpu: med('client', 'cpuS') / med('curl', 'cpuS'),
    cpuNode: med('client', 'cpuS') / med('node', 'cpuS'),
    clientGrowth: max('client', 'rssGrowth'),
    curlPeak: max('curl', 'peakRss'),
  };
}

// ---- 5. download and hashing

const DOWNLOAD_CYCLE = ['curl', 'node', 'client', 'client-verify', 'client-verify', 'client', 'node', 'curl'];

/** A one-time direct link, asked for with fetch (as curl's run needs one). */
async function directLink(emu, url) {
  const answer = await fetch(`${emu.apiBase}/download/get_token.cgi`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  const token = await answer.json();
  if (!token.url) throw new Error(`get_token answered ${JSON.stringify(token)}`);
  return token.url;
}

async function downloadWithCurl(emu, url, path) {
  const started = performance.now();
  const link = await directLink(emu, url);
  const child = spawn('curl', ['-s', '-o', path, '-w', '%{http_code}', '--max-time', '300', link]);
  const { code, stdout, peakRssKb } = await finished(child, { watchRss: true });
  if (code !== 0 || stdout.trim() !== '200') throw new Error(`curl failed (exit ${code}, HTTP ${stdout.trim()})`);
  return { seconds: (performance.now() - started) / 1000, peakRss: peakRssKb * 1024, rssGrowth: NaN };
}

async function downloadSection() {
  const size = CONFIG.downloadBytes;
  // Its own emulator, with OpenSSL's Whirlpool (legacy provider) for the verified downloads;
  // the upload section's emulator hashes with SHA-512, which keeps it out of those timings.
  const server = await startEmulatorProcess({}, ['--openssl-legacy-provider']);
  const target = join(tmpdir(), `onefichier-bench-download-${process.pid}`);
  try {
    note(`download: a ${CONFIG.downloadLabel} file in the emulator (hashing it takes a moment)`);
    const added = await (
      await fetch(`${server.origin}/__emulator/files`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ filename: 'big.bin', size }),
      })
    ).json();
    const args = { url: added.url, path: target, size, apiBase: server.apiBase, key: KEY };
    const runs = { curl: [], node: [], client: [], 'client-verify': [] };
    note('download warm-up: one read of the file by curl (not timed)');
    await downloadWithCurl(server, added.url, target);
    rmSync(target, { force: true });
    for (const tool of DOWNLOAD_CYCLE) {
      note(`download: ${tool}, ${CONFIG.downloadLabel}`);
      const run =
        tool === 'curl'
          ? await downloadWithCurl(server, added.url, target)
          : await inFreshProcess('download-process.mjs', { tool, ...args });
      if (statSync(target).size !== size) throw new Error(`${tool} wrote ${statSync(target).size} bytes, not ${size}`);
      rmSync(target, { force: true });
      run.mibPerS = size / MiB / run.seconds;
      note(`  ${fmt(run.seconds)} s, ${fmt(run.mibPerS, 0)} MiB/s`);
      runs[tool].push(run);
    }
    note(`hashing: ${CONFIG.hashBytes / MiB} MiB with the package's Whirlpool and with OpenSSL's`);
    const hashArgs = { size: CONFIG.hashBytes };
    const ours = await inFreshProcess('download-process.mjs', { tool: 'hash', ...hashArgs });
    const openssl = await inFreshProcess(
      'download-process.mjs',
      { tool: 'hash-openssl', ...hashArgs },
      { execArgv: ['--openssl-legacy-provider'] },
    ).catch(() => null);
    const med = (tool, key) => median(runs[tool].map((r) => r[key]));
    const max = (tool, key) => Math.max(...runs[tool].map((r) => r[key]));
    const hashMib = (run) => CONFIG.hashBytes / MiB / run.seconds;
    out(`## 5. Download of a ${CONFIG.downloadLabel} file, and Whirlpool`);
    out();
    out(
      `Its own emulator process (with OpenSSL's Whirlpool), the file served from generated bytes. Order ${DOWNLOAD_CYCLE.join(', ')}.` +
        " curl: a direct link asked for with fetch, then `curl -s -o <file> <link>`, timed from the link request to curl's exit," +
        ' peak RSS from /proc VmHWM. client: `client.downloadToFile(url, path, { resume: false })` in a fresh Node process,' +
        ' timed from the call (get_token, the streamed write, the rename); client-verify adds `verify: true` (one file/info' +
        ' call, Whirlpool over every byte). node: the reference for Node itself, a link asked for with fetch then' +
        ' `http.get` piped into a 1 MiB-buffered file, in a fresh process too. Every file was checked for its size, then deleted.',
    );
    out();
    const row = (tool) => [
      tool,
      `${fmt(med(tool, 'mibPerS'), 0)} (${runs[tool].map((r) => fmt(r.mibPerS, 0)).join(', ')})`,
      ratio(med(tool, 'seconds'), med('curl', 'seconds')),
      ratio(med(tool, 'seconds'), med('node', 'seconds')),
      tool === 'curl' ? `${mib(max(tool, 'peakRss'))} (peak)` : mib(max(tool, 'rssGrowth')),
    ];
    out(
      table(
        ['tool', 'MiB/s, median (runs)', 'wall time / curl', 'wall time / node:http', 'memory, MiB (max RSS growth)'],
        ['curl', 'node', 'client', 'client-verify'].map(row),
        ['', 'r', 'r', 'r', 'r'],
      ),
    );
    out();
    const verifyPerGiB = ((med('client-verify', 'seconds') - med('client', 'seconds')) / size) * 1024 * MiB;
    out(
      `- Whirlpool over ${CONFIG.hashBytes / MiB} MiB in memory: the package's (the core's, wasm) ${fmt(hashMib(ours), 0)} MiB/s` +
        (openssl
          ? `; OpenSSL's (C) ${fmt(hashMib(openssl), 0)} MiB/s, so the core's runs at ${ratio(hashMib(ours), hashMib(openssl))} of it`
          : '; OpenSSL without Whirlpool here') +
        `. \`verify\` added ${fmt(verifyPerGiB, 1)} s per GiB to a download in this run (hashing overlaps the transfer only partly).`,
    );
    out();
    return {
      ratio: med('client', 'seconds') / med('curl', 'seconds'),
      ratioNode: med('client', 'seconds') / med('node', 'seconds'),
      throughput: med('client', 'mibPerS') / med('curl', 'mibPerS'),
      rssGrowth: Math.max(max('client', 'rssGrowth'), max('client-verify', 'rssGrowth')),
      hashMibPerS: hashMib(ours),
    };
  } finally {
    rmSync(target, { force: true });
    await server.stop();
  }
}

// ---- main

async function waitForPkg() {
  const needed = [join(root, 'pkg', 'onefichier_bg.wasm'), join(root, 'pkg', 'dist', 'node.mjs')];
  // Someone may be rebuilding pkg/ right now: give it a little time.
  for (let i = 0; i < 30 && !needed.every((p) => existsSync(p) && statSync(p).size > 0); i++) {
    if (i === 0)
      note('pkg/ is missing or incomplete; waiting up to 30 s (or build it: node scripts/build-npm.mjs --skip-cargo)');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (!needed.every((p) => existsSync(p)))
    throw new Error('pkg/ is not built: run node scripts/build-npm.mjs --skip-cargo');
}

let emu;
let bigFile;
let warmupFile;
async function cleanup() {
  for (const path of [bigFile, warmupFile]) if (path) rmSync(path, { force: true });
  bigFile = warmupFile = undefined;
  const running = emu;
  emu = undefined;
  await running?.stop();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => cleanup().finally(() => process.exit(130)));
}
const watchdog = setTimeout(() => {
  note(`watchdog: the run took more than ${CONFIG.watchdogMs / 1000} s, stopping`);
  cleanup().finally(() => process.exit(1));
}, CONFIG.watchdogMs);
watchdog.unref();

/** The summary: one row per budget, PASS or FAIL (`n/a` when it was not measured). */
function budgetTable(results) {
  const { sizes, latency, memory, upload } = results;
  const kb = (bytes) => `${fmt(bytes / kB, 1)} kB`;
  const us = (value) => `${fmt(value, 0)} µs`;
  const mibText = (bytes) => `${mib(bytes)} MiB`;
  const times = (value) => ratio(value, 1);
  const rows = [];
  const add = (label, budget, measured, show) => {
    const known = Number.isFinite(measured);
    const pass = known && measured <= budget.limit;
    if (known && !pass) results.failed.push(label);
    rows.push([
      label,
      `≤ ${show(budget.limit)}`,
      known ? show(measured) : 'not measured',
      known ? `${fmt((100 * measured) / budget.limit, 0)} %` : 'n/a',
      known ? (pass ? 'PASS' : '**FAIL**') : 'n/a',
      budget.from,
    ]);
  };
  add('browser entry, gzip -9 (dist/browser.js with the wasm as carried)', BUDGETS.browserEntry, sizes?.browser, kb);
  add('wasm alone, gzip -9 (onefichier_bg.wasm)', BUDGETS.wasm, sizes?.wasm, kb);
  const zips = sizes?.zips?.length ? sizes.zips : [{ path: 'extension/dist/*.zip', bytes: NaN }];
  for (const zip of zips)
    add(`extension zip, packed: ${zip.path.split('/').at(-1)}`, BUDGETS.extensionZip, zip.bytes, kb);
  const call = latency?.['userInfo()'];
  add('userInfo() median wall time, client / bare fetch + timer', BUDGETS.callRatio, call?.ratio, times);
  add('userInfo() CPU per call, client − bare fetch + timer', BUDGETS.callCpuUs, call?.cpuUs, us);
  add(
    `memory growth, JS heap + wasm, over ${int(memory?.calls ?? CONFIG.memoryCalls)} userInfo() calls, after GC`,
    BUDGETS.memoryGrowth,
    memory?.wasmSeen === false ? NaN : memory?.growth,
    mibText,
  );
  add(
    `upload ${CONFIG.uploadLabel}, median wall time, client / curl -F`,
    BUDGETS.uploadRatio,
    upload?.wallRatio,
    times,
  );
  add(`upload ${CONFIG.uploadLabel}, client peak RSS growth (max)`, BUDGETS.uploadRss, upload?.clientGrowth, mibText);
  const { download } = results;
  add(
    `download ${CONFIG.downloadLabel}, median wall time, client.downloadToFile / curl`,
    BUDGETS.downloadRatio,
    download?.ratio,
    times,
  );
  add(
    `download ${CONFIG.downloadLabel}, client RSS growth (max, with and without verify)`,
    BUDGETS.downloadRss,
    download?.rssGrowth,
    mibText,
  );
  out(`## Budgets${QUICK ? ' (--quick: smaller runs, indicative only)' : ''}`);
  out();
  out(
    table(['budget', 'limit', 'measured', 'measured/limit', 'result', 'limit from'], rows, ['', 'r', 'r', 'r', '', '']),
  );
  out();
}

const startedAt = performance.now();
const results = { failed: [] };
try {
  await waitForPkg();
  const { Client } = await import('../pkg/dist/node.mjs');
  const version = JSON.parse(readFileSync(join(root, 'pkg', 'package.json'), 'utf8')).version;
  out(`# onefichier ${version} benchmark${QUICK ? ' (--quick)' : ''}`);
  out();
  out(
    `${new Date().toISOString()} · Node ${process.version} · ${process.platform}/${process.arch} · ` +
      `${cpus().length} CPUs`,
  );
  out();

  results.sizes = sizesSection();

  // endPendingPolls: 0 so that end.pl answers at once: the client's built-in 250 ms wait before
  // a second poll would otherwise count as upload time.
  // SHA-512 checksums: the server's hashing stays out of the upload timings (Whirlpool is ~5x slower).
  emu = await startEmulatorProcess({ endPendingPolls: 0, checksum: 'sha512' });
  note(`emulator process ${emu.pid}: API ${emu.apiBase}, upload host ${emu.uploadHost}`);

  const latency = await latencySection(emu, Client);
  results.latency = latency;
  results.memory = await memorySection(emu);

  bigFile = await makeSparseFile(CONFIG.uploadBytes, 'big');
  warmupFile = await makeSparseFile(WARMUP_UPLOAD_BYTES, 'warmup');
  const upload = await uploadSection(emu, bigFile, warmupFile);
  results.upload = upload;
  await cleanup();
  results.download = await downloadSection();

  out(
    `**Summary:** client/bare fetch median latency ${ratio(latency['listFiles(0)'].ratio, 1)} (listFiles),` +
      ` ${ratio(latency['userInfo()'].ratio, 1)} (userInfo); upload throughput client/curl ${ratio(upload.throughput, 1)}` +
      ` (client/node:http ${ratio(upload.throughputNode, 1)}), CPU time client/curl ${ratio(upload.cpu, 1)}` +
      ` (client/node:http ${ratio(upload.cpuNode, 1)});` +
      ` client peak RSS growth ${mib(upload.clientGrowth)} MiB vs curl peak RSS ${mib(upload.curlPeak)} MiB` +
      ` (${CONFIG.uploadLabel}; run took ${fmt((performance.now() - startedAt) / 1000, 0)} s).`,
  );
  out();
} catch (error) {
  process.exitCode = 1;
  note(`failed: ${error.stack ?? error}`);
} finally {
  await cleanup();
  // Printed even after a failure: what was measured is still worth reading.
  budgetTable(results);
  if (STRICT && results.failed.length && !process.exitCode) process.exitCode = 2;
}
