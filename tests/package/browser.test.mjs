// The installed package in a real Chromium page and worker, against the local 1fichier with
// CORS on (the real API sends no CORS headers, see the package README).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startEmulator } from '../emulator/index.js';
import { makeProject } from './install.mjs';
import { KEY } from './scenario.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
};
const PAGE = `<!doctype html><meta charset="utf-8"><title>onefichier in a page</title>
<script type="importmap">{"imports": {
  "onefichier": "/node_modules/onefichier/dist/browser.js",
  "onefichier/slim": "/node_modules/onefichier/dist/slim.js"}}</script>
<script type="module" src="/browser-page.js"></script>`;

let project, emu, site, browser;

/** Serves the page, the scenario scripts and the installed package. */
async function serveSite(projectDir) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    const file = path.startsWith('/node_modules/') ? join(projectDir, normalize(path)) : join(here, normalize(path));
    const body = await readFile(file).catch(() => null);
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

before(async () => {
  project = makeProject('module');
  emu = await startEmulator({ cors: true, strict: true, remoteDelayMs: 50, floodLockMs: 100 });
  site = await serveSite(project);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  site?.close();
  await emu?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

it('works in a Chromium page, a module worker and through onefichier/slim', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => process.env.DEBUG_PAGE && console.error('page:', m.text()));
  await page.goto(`http://127.0.0.1:${site.address().port}/`);
  await page.waitForFunction(() => typeof window.runScenario === 'function');
  const dead = createTcpServer().listen(0, '127.0.0.1');
  await once(dead, 'listening');
  const deadPort = dead.address().port;
  dead.close();
  const facts = await page.evaluate((args) => window.runScenario(args), {
    apiBase: emu.apiBase,
    origin: emu.origin,
    key: KEY,
    deadPort,
  });
  assert.deepEqual(problems, []);
  assert.equal(facts.email, 'demo@example.com');
  assert.deepEqual(facts.uploaded, [['page.txt', 300_000, 'file']]);
  assert.equal(facts.progressEnd, 300_000, 'XHR progress reaches the file size');
  assert.ok(facts.progressSteps >= 2);
  assert.deepEqual(facts.listed, ['page.txt']);
  assert.deepEqual(facts.blob, ['blob']);
  assert.deepEqual(facts.verified, [128]);
  assert.equal(facts.damaged, 'corrupt');
  assert.deepEqual(facts.remote, [[true, 'file']]);
  assert.equal(facts.direct, true);
  assert.deepEqual(facts.errors, {
    invalid_input: 'invalid_input',
    unknown_option: 'invalid_input',
    aborted: 'aborted',
    auth: 'auth',
    not_found: 'not_found',
    network: 'network',
    flood: 'flood',
    decode: 'decode',
  });
  const senderLimits = { silent: 'timeout', progressThrows: 'invalid_input', sentAfterThrow: 0 };
  assert.deepEqual(facts.senders, { xhr: senderLimits, fetch: senderLimits });
  assert.deepEqual(facts.worker, { email: 'demo@example.com' });
  assert.equal(facts.slimBeforeInit, 'invalid_input');
  assert.equal(facts.slimParse, 'file');
  assert.equal(facts.slimEmail, 'demo@example.com');
  const upload = emu.requests.find((r) => r.server === 'upload' && r.method === 'POST');
  assert.equal(upload.headers.authorization, `Bearer ${KEY}`);
});
