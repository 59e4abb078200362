#!/usr/bin/env node
// The client's own CPU per call, without the network: the global `fetch` is replaced by a stub
// that answers a captured `userInfo` body at once, and `client.userInfo()` is compared with a
// bare `fetch` + AbortController + timer + JSON.parse of the same answer, in rounds.
//   node bench/stub-fetch.mjs [path/to/dist/node.mjs] [calls per batch, default 2000] [batches, default 20]
// Pass another build's dist/node.mjs (e.g. 0.1.0's) to compare versions with the same script.
import { pathToFileURL } from 'node:url';

const entry = process.argv[2] ?? new URL('../pkg/dist/node.mjs', import.meta.url).pathname;
const calls = Number(process.argv[3] ?? 2_000);
const { Client } = await import(pathToFileURL(entry).href);

const body = JSON.stringify({
  status: 'OK',
  email: 'demo@example.com',
  offer: 1,
  '2fa': 0,
  mail_rm: 0,
  ftp_mode: 0,
  ftp_did: 0,
  ftp_report: 0,
  ru_report: 0,
  default_domain: 0,
  page_limit: 100,
  default_port: 0,
  default_port_files: 0,
  cdn: 2.5,
  use_cdn: 0,
  download_menu: 1,
  subscription_end: '2027-01-01 00:00:00',
  hot_storage: 1024,
  cold_storage: 0,
  allowed_cold_storage: 0,
  available_storage: 1e12,
  available_cold_storage: 0,
  extended_quota: 0,
  extended_quota_end: '',
  overquota: 0,
  upload_forbidden: 0,
  stats_date: '2026-12-01 00:00:00',
});
globalThis.fetch = async () => new Response(body, { status: 200 });

const apiBase = 'http://127.0.0.1:9/v1';
const client = new Client({ apiKey: 'k'.repeat(32), apiBase, minIntervalMs: 0 });
async function bare() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer x' };
    const response = await fetch(`${apiBase}/user/info.cgi`, {
      method: 'POST',
      headers,
      body: '{}',
      signal: controller.signal,
    });
    return JSON.parse(await response.text());
  } finally {
    clearTimeout(timer);
  }
}
const sides = [
  ['bare fetch', bare],
  ['client.userInfo()', () => client.userInfo()],
];

for (let i = 0; i < 5000; i++) for (const [, call] of sides) await call();
// Short interleaved batches, sides alternating first: the machine's drift hits both alike, and
// the median of the per-batch differences shrugs off the batches a GC or a neighbour spoiled.
const batches = Number(process.argv[4] ?? 20);
const added = [];
const cpuOf = async (call) => {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
};
for (let batch = 0; batch < batches; batch++) {
  const order = batch % 2 ? [...sides].reverse() : sides;
  const cpu = {};
  for (const [name, call] of order) cpu[name] = await cpuOf(call);
  added.push(cpu['client.userInfo()'] - cpu['bare fetch']);
}
const sorted = added.toSorted((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  `added CPU per call, client − bare: median ${median.toFixed(1)} µs over ${batches} batches of ${calls} calls (min ${sorted[0].toFixed(1)}, max ${sorted.at(-1).toFixed(1)})`,
);
