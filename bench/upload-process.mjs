#!/usr/bin/env node
// One measured upload in a fresh Node process, for bench/run.mjs: the memory numbers then do not
// depend on what the benchmark process did before (malloc keeps freed pages, so a long-lived
// process would show ~0 growth after its first large upload).
//   node --expose-gc bench/upload-process.mjs '{"tool":"client"|"node","path":…,"size":…,"apiBase":…,"key":…}'
// Prints one JSON line (bench/measure.mjs): { seconds, baselineRss, peakRss, rssGrowth, buffersGrowth, cpuS, userS, sysS, minorFaults }.
//   client: `new Client({ apiKey, apiBase, minIntervalMs: 0 }).upload(path)` from pkg/dist/node.mjs.
//   node:   the reference for Node's own cost: the same multipart body streamed by hand with
//           node:http from a 1 MiB-chunk read stream, after the same get_upload_server call.
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { measure } from './measure.mjs';

const { tool, path, size, apiBase, key, timeoutS = 150 } = JSON.parse(process.argv[2]);
const MiB = 1024 * 1024;

let upload;
if (tool === 'client') {
  const { Client } = await import('../pkg/dist/node.mjs');
  const client = new Client({ apiKey: key, apiBase, minIntervalMs: 0 });
  upload = async () => {
    const result = await client.upload(path, { signal: AbortSignal.timeout(timeoutS * 1000) });
    const file = result?.files?.[0];
    if (!file || Number(file.size) !== size) throw new Error(`client.upload answered ${JSON.stringify(result)}`);
  };
} else if (tool === 'node') {
  upload = async () => {
    const server = await (
      await fetch(`${apiBase}/upload/get_upload_server.cgi`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: '{}',
      })
    ).json();
    const boundary = `----onefichierbench${process.pid}`;
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="${basename(path)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    const tail = `\r\n--${boundary}--\r\n`;
    const req = http.request(`http://${server.url}/upload.cgi?id=${server.id}`, {
      method: 'POST',
      headers: {
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(Buffer.byteLength(head) + size + Buffer.byteLength(tail)),
      },
      signal: AbortSignal.timeout(timeoutS * 1000),
    });
    const answered = new Promise((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
    });
    req.write(head);
    await pipeline(createReadStream(path, { highWaterMark: MiB }), req, { end: false });
    req.end(tail);
    const status = await answered;
    if (status !== 302) throw new Error(`node:http upload answered HTTP ${status}`);
  };
} else {
  throw new Error(`unknown tool ${tool}`);
}

await measure(upload);
