#!/usr/bin/env node
// One measured download (or hash) in a fresh Node process, for bench/run.mjs, measured like
// bench/upload-process.mjs (wall time, CPU, RSS and ArrayBuffer growth against a baseline taken
// right before, after a full GC).
//   node --expose-gc bench/download-process.mjs '{"tool":…,"url":…,"path":…,"size":…,"apiBase":…,"key":…}'
//   client:          `client.downloadToFile(url, path, { resume: false })` from pkg/dist/node.mjs
//   client-verify:   the same with `verify: true` (one file/info call, and Whirlpool over every byte)
//   node:            the reference for Node's own cost: a direct link asked for with fetch, then
//                    `http.get` piped into a 1 MiB-buffered file stream
//   hash:            the package's `whirlpool()` over `size` bytes in 4 MiB chunks (no I/O)
//   hash-openssl:    OpenSSL's Whirlpool over the same bytes (run with --openssl-legacy-provider)
// Prints one JSON line (bench/measure.mjs): { seconds, baselineRss, peakRss, rssGrowth, buffersGrowth, cpuS, userS, sysS, minorFaults }.
import { createHash } from 'node:crypto';
import { createWriteStream, statSync } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { measure } from './measure.mjs';

const { tool, url, path, size, apiBase, key, timeoutS = 300 } = JSON.parse(process.argv[2]);
const MiB = 1024 * 1024;
const chunk = new Uint8Array(4 * MiB).map((_, i) => (i * 131) & 255);

let run;
if (tool === 'client' || tool === 'client-verify') {
  const { Client } = await import('../pkg/dist/node.mjs');
  const client = new Client({ apiKey: key, apiBase, minIntervalMs: 0 });
  run = async () => {
    const signal = AbortSignal.timeout(timeoutS * 1000);
    const saved = await client.downloadToFile(url, path, { resume: false, verify: tool === 'client-verify', signal });
    if (saved.size !== size || statSync(path).size !== size)
      throw new Error(`downloaded ${saved.size} bytes, not ${size}`);
  };
} else if (tool === 'node') {
  run = async () => {
    const answer = await fetch(`${apiBase}/download/get_token.cgi`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    const { url: directUrl } = await answer.json();
    await new Promise((resolve, reject) =>
      http
        .get(directUrl, (res) => pipeline(res, createWriteStream(path, { highWaterMark: MiB })).then(resolve, reject))
        .on('error', reject),
    );
    if (statSync(path).size !== size) throw new Error(`node wrote ${statSync(path).size} bytes, not ${size}`);
  };
} else if (tool === 'hash') {
  const { Whirlpool } = await import('../pkg/dist/node.mjs');
  await (await Whirlpool.create()).update(chunk).digest(); // the hasher's wasm is loaded before timing
  run = async () => {
    const hash = await Whirlpool.create();
    for (let done = 0; done < size; done += chunk.length) hash.update(chunk);
    hash.digest();
  };
} else if (tool === 'hash-openssl') {
  run = async () => {
    const hash = createHash('whirlpool');
    for (let done = 0; done < size; done += chunk.length) hash.update(chunk);
    hash.digest('hex');
  };
} else {
  throw new Error(`unknown tool ${tool}`);
}

await measure(run);
