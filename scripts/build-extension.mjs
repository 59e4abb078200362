// Builds the browser extension from extension/ into extension/dist/{chrome,firefox}/
// (unpacked, loadable) and a zip of each. Needs pkg/ (node scripts/build-npm.mjs): the
// extension bundles `onefichier/slim` from it and ships its wasm once, as a file.
// Usage: node scripts/build-extension.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'extension');
const dist = join(source, 'dist');
const pkg = join(root, 'pkg');
if (!existsSync(join(pkg, 'dist', 'slim.js'))) {
  console.error('pkg/ is missing: run `node scripts/build-npm.mjs` first.');
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
/**
 * Per browser: the pages and the manifest. Chrome: a module service worker, and an offscreen
 * page for the clipboard (notification "Copy link" buttons). Firefox (no MV3 service workers,
 * no notification buttons): module background scripts and the gecko id.
 */
const BROWSERS = {
  chrome: {
    pages: ['options', 'popup', 'upload', 'download', 'picker', 'offscreen'],
    manifest: ({ browser_specific_settings: _gecko, ...rest }) => ({
      ...rest,
      minimum_chrome_version: '120',
      background: { service_worker: 'background.js', type: 'module' },
      permissions: [...rest.permissions, 'offscreen', 'clipboardWrite'],
    }),
  },
  firefox: {
    pages: ['options', 'popup', 'upload', 'download', 'picker'],
    manifest: (rest) => ({ ...rest, background: { scripts: ['background.js'], type: 'module' } }),
  },
};

/**
 * The extension never hashes nor streams downloads through the package (the browser downloads
 * files itself): the package's chunks loaded on first use (the Whirlpool hasher with its own
 * wasm, the download streamer, the upload checker) stay out of the zip; importing one would say why.
 */
const withoutLazyChunks = {
  name: 'without-lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/(whirlpool|download|upload-check)\.js$/ }, (args) =>
      args.importer.startsWith(join(pkg, 'dist')) ? { path: args.path, namespace: 'left-out' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: `throw new Error('${args.path} of onefichier is not part of the extension build.');`,
    }));
  },
};

rmSync(dist, { recursive: true, force: true });
for (const [browser, { pages, manifest: adapt }] of Object.entries(BROWSERS)) {
  const out = join(dist, browser);
  await esbuild.build({
    entryPoints: [
      join(source, 'src', 'background.js'),
      ...pages.map((page) => join(source, 'src', 'pages', `${page}.js`)),
    ],
    outbase: join(source, 'src'),
    outdir: out,
    bundle: true,
    format: 'esm',
    // Code shared by the worker and the pages goes into chunks once, and the output is
    // minified: together they keep the packed zip under 100 KB. Store reviewers get this
    // repository as the source (`extension/src`), as AMO asks for minified add-ons.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    target: ['chrome120', 'firefox140'],
    alias: { 'onefichier/slim': join(pkg, 'dist', 'slim.js') },
    plugins: [withoutLazyChunks],
    logLevel: 'warning',
  });
  for (const page of pages) {
    cpSync(join(source, 'src', 'pages', `${page}.html`), join(out, 'pages', `${page}.html`));
  }
  cpSync(join(source, 'src', 'pages', 'pages.css'), join(out, 'pages', 'pages.css'));
  cpSync(join(source, '_locales'), join(out, '_locales'), { recursive: true });
  cpSync(join(source, 'icons'), join(out, 'icons'), { recursive: true });
  cpSync(join(pkg, 'onefichier_bg.wasm'), join(out, 'onefichier_bg.wasm'));
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(adapt(structuredClone(manifest)), null, 2)}\n`);

  const zip = `send-to-1fichier-${manifest.version}-${browser}.zip`;
  mkdirSync(dist, { recursive: true });
  execFileSync(
    join(root, 'node_modules', '.bin', 'web-ext'),
    ['build', '--source-dir', out, '--artifacts-dir', dist, '--filename', zip, '--overwrite-dest'],
    { stdio: 'ignore' },
  );
  console.log(`extension/dist/${browser}/ and extension/dist/${zip}`);
}
