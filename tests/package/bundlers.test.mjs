// The package README's snippets for loading the wasm, each built by its bundler (Vite,
// webpack, Rollup, esbuild, or none: plain ESM with an import map) from the installed package
// and run in Chromium against the local 1fichier; and what a strict CSP needs. Each app uses
// `onefichier/slim` as the README shows, and the default entry beside it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import nodeResolve from '@rollup/plugin-node-resolve';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { build as viteBuild } from 'vite';
import webpack from 'webpack';
import { startEmulator } from '../emulator/index.js';
import { makeProject } from './install.mjs';

const KEY = 'DEMO0123456789abcdefDEMO01234567';
const LINK = 'https://1fichier.com/?abcdef12345';
const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
};

/** The app: `load` is the README's line for this bundler, `imports` what it needs. */
const app = ({ imports = '', load }, apiBase) => `
import { Client, init, parseLink } from 'onefichier/slim';
import * as full from 'onefichier';
${imports}
try {
  ${load}
  const client = new Client({ apiKey: '${KEY}', apiBase: '${apiBase}', minIntervalMs: 0 });
  const { email } = await client.userInfo();
  window.done = { slim: parseLink('${LINK}').kind, full: full.parseLink('${LINK}').kind, email };
} catch (error) {
  window.done = { error: String(error?.message ?? error) };
}
`;

// The README's snippets, verbatim.
const SNIPPETS = {
  vite: {
    imports: "import wasmUrl from 'onefichier/onefichier_bg.wasm?url';",
    load: 'await init(wasmUrl);',
  },
  webpack: { load: "await init(new URL('onefichier/onefichier_bg.wasm', import.meta.url));" },
  rollup: { load: "await init(new URL('onefichier_bg.wasm', import.meta.url));" },
  esbuild: { imports: "import wasmUrl from 'onefichier/onefichier_bg.wasm';", load: 'await init(wasmUrl);' },
  none: { load: "await init(import.meta.resolve('onefichier/onefichier_bg.wasm'));" },
};

/** The README's Rollup plugin: puts the wasm next to the bundle. */
function onefichierWasm(project) {
  const wasm = createRequire(join(project, 'package.json')).resolve('onefichier/onefichier_bg.wasm');
  return {
    name: 'onefichier-wasm',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'onefichier_bg.wasm', source: readFileSync(wasm) });
    },
  };
}

/** Builds the app of `bundler` into site/<bundler>/ with index.html. */
async function buildApp(bundler, project, site, apiBase) {
  const src = join(project, bundler);
  const out = join(site, bundler);
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'app.js'), app(SNIPPETS[bundler], apiBase));
  const page = (script, type = 'module') =>
    `<!doctype html><meta charset="utf-8"><script type="${type}" src="${script}"></script>`;
  if (bundler === 'vite') {
    writeFileSync(join(src, 'index.html'), page('./app.js'));
    await viteBuild({
      root: src,
      base: '/vite/',
      logLevel: 'silent',
      configFile: false,
      build: { outDir: out, target: 'es2022', emptyOutDir: true },
    });
    return;
  }
  mkdirSync(out, { recursive: true });
  if (bundler === 'webpack') {
    const stats = await new Promise((resolve, reject) =>
      webpack(
        {
          mode: 'production',
          context: project,
          entry: join(src, 'app.js'),
          output: { path: out, filename: 'main.js', publicPath: 'auto' },
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
    writeFileSync(join(out, 'index.html'), page('main.js', 'text/javascript'));
  } else if (bundler === 'rollup') {
    const bundle = await rollup({
      input: join(src, 'app.js'),
      plugins: [nodeResolve({ browser: true }), onefichierWasm(project)],
    });
    await bundle.write({ dir: out, format: 'es' });
    writeFileSync(join(out, 'index.html'), page('app.js'));
  } else if (bundler === 'esbuild') {
    await esbuild.build({
      entryPoints: [join(src, 'app.js')],
      bundle: true,
      format: 'esm',
      outdir: out,
      loader: { '.wasm': 'file' },
      publicPath: '/esbuild/',
      logLevel: 'silent',
    });
    writeFileSync(join(out, 'index.html'), page('app.js'));
  } else {
    // No bundler: the package served as it is installed, found through an import map.
    writeFileSync(join(out, 'app.js'), app(SNIPPETS.none, apiBase));
    writeFileSync(join(out, 'index.html'), importMapPage());
  }
}

/** A page that finds the installed package through an import map and runs app.js. */
function importMapPage() {
  const imports = {
    onefichier: '/node_modules/onefichier/dist/browser.js',
    'onefichier/slim': '/node_modules/onefichier/dist/slim.js',
    'onefichier/onefichier_bg.wasm': '/node_modules/onefichier/onefichier_bg.wasm',
  };
  return (
    `<!doctype html><meta charset="utf-8"><script type="importmap">${JSON.stringify({ imports })}</script>` +
    '<script type="module" src="app.js"></script>'
  );
}

describe('loading the wasm with each bundler, as the README says', () => {
  let project;
  let site;
  let emu;
  let server;
  let browser;
  /** The Content-Security-Policy header of the next pages (none when undefined). */
  let csp;

  before(async () => {
    project = makeProject('module');
    site = join(project, 'site');
    emu = await startEmulator({ cors: true, accounts: [{ key: KEY, email: 'demo@example.com', offer: 1 }] });
    server = createServer(async (req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
      const file = path.startsWith('/node_modules/')
        ? join(project, path)
        : join(site, path.endsWith('/') ? `${path}index.html` : path);
      const body = await readFile(file).catch(() => null);
      if (!body) return res.writeHead(404).end();
      const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (csp && file.endsWith('.html')) headers['Content-Security-Policy'] = csp;
      res.writeHead(200, headers).end(body);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    server?.close();
    await emu?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  /** Opens site/<name>/ and returns what the app reported. */
  async function open(name) {
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${server.address().port}/${name}/`);
      await page.waitForFunction(() => window.done !== undefined, null, { timeout: 20_000 });
      return await page.evaluate(() => window.done);
    } finally {
      await page.close();
    }
  }

  for (const bundler of Object.keys(SNIPPETS)) {
    it(`${bundler === 'none' ? 'no bundler (plain ESM, import map)' : bundler}: the snippet loads the wasm`, async () => {
      await buildApp(bundler, project, site, emu.apiBase);
      assert.deepEqual(await open(bundler), { slim: 'file', full: 'file', email: 'demo@example.com' });
    });
  }

  it("a strict CSP needs 'wasm-unsafe-eval' for both entries, and then both work", async () => {
    const out = join(site, 'csp');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), importMapPage());
    writeFileSync(
      join(out, 'app.js'),
      `import { init } from 'onefichier/slim';
      import { parseLink } from 'onefichier';
      const outcome = async (run) => {
        try {
          await run();
          return 'loaded';
        } catch (error) {
          return error.message;
        }
      };
      window.done = {
        slim: await outcome(() => init(import.meta.resolve('onefichier/onefichier_bg.wasm'))),
        full: await outcome(() => parseLink('${LINK}')),
      };`,
    );
    // 'unsafe-inline' only for the import map; what is left out is the point.
    csp = "script-src 'self' 'unsafe-inline'";
    const refused = await open('csp');
    assert.match(refused.slim, /wasm could not be loaded/, refused.slim);
    assert.match(refused.full, /refused to compile .*'wasm-unsafe-eval'/, refused.full);
    csp = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'";
    assert.deepEqual(await open('csp'), { slim: 'loaded', full: 'loaded' });
    csp = undefined;
  });
});
