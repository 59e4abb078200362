// A large upload from a path streams: the client process stays far below the file size.
// The emulator runs in its own process so that only the client's memory is measured.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadEsm } from './install.mjs';
import { KEY } from './scenario.mjs';

const SIZE = 1 << 30; // 1 GiB, sparse on disk
const LIMIT = 100 << 20;
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'emulator', 'cli.js');
let emulator, scratch, loaded;

before(async () => {
  loaded = await loadEsm();
  emulator = spawn(process.execPath, [cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(emulator.stdout, 'data');
  emulator.apiBase = /API (\S+),/.exec(String(line))[1];
  scratch = mkdtempSync(join(tmpdir(), 'onefichier-big-'));
});

after(() => {
  emulator?.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  loaded?.cleanup();
});

it('uploads 1 GiB from a path with under 100 MiB of extra memory', async (t) => {
  const path = join(scratch, 'big.bin');
  writeFileSync(path, '');
  truncateSync(path, SIZE);
  const client = new loaded.lib.Client({ apiKey: KEY, apiBase: emulator.apiBase, minIntervalMs: 0 });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let lastSent = 0;
  try {
    const result = await client.upload(path, {
      onProgress: ({ sent }) => {
        lastSent = sent;
      },
    });
    assert.equal(result.files[0].size, SIZE);
  } finally {
    clearInterval(sampler);
  }
  assert.equal(lastSent, SIZE);
  t.diagnostic(`peak RSS growth during the upload: ${((peak - baseline) / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(peak - baseline < LIMIT, `RSS grew by ${Math.round((peak - baseline) / 2 ** 20)} MiB`);
});
