#!/usr/bin/env node
// Builds the publishable npm package into pkg/:
//   cargo (release, wasm32), twice: the client's wasm, and the Whirlpool hasher's alone
//   (feature whirlpool-wasm) → wasm-bindgen --target web → wasm-opt -Oz (npm binaryen)
//   → esbuild bundles one file per entry (node ESM, node CJS, inline browser, slim, CLI, and
//     the hasher's chunk, imported on first use) → package.json, README, typings from
//     pkg-template/ → tsc checks the typings.
// Usage: node scripts/build-npm.mjs [--skip-cargo]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import zopfli from '@gfx/zopfli';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const bin = (name) => at('node_modules', '.bin', name);

const built = at('target', 'wasm32-unknown-unknown', 'release', 'onefichier.wasm');
const bindgenDir = at('target', 'bindgen');
const sourceDir = at('target', 'npm-src');
const pkg = at('pkg');
// cargo writes both builds to `built`; each is kept under its own name.
const builtClient = at('target', 'onefichier-client.wasm');
const builtHasher = at('target', 'onefichier-whirlpool.wasm');

if (!process.argv.includes('--skip-cargo')) {
  // The hasher is built for speed (opt-level 3): it runs over every byte that is verified, and
  // its chunk is loaded only then.
  for (const [features, keep, optLevel] of [
    [[], builtClient, 'z'],
    [['--features', 'whirlpool-wasm'], builtHasher, '3'],
  ]) {
    execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', ...features], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, CARGO_PROFILE_RELEASE_OPT_LEVEL: optLevel },
    });
    cpSync(built, keep);
  }
}
rmSync(bindgenDir, { recursive: true, force: true });
for (const [wasm, outName] of [
  [builtClient, 'onefichier'],
  [builtHasher, 'whirlpool'],
]) {
  run('wasm-bindgen', [
    wasm,
    '--target',
    'web',
    '--omit-default-module-path',
    '--no-typescript',
    '--out-name',
    outName,
    '--out-dir',
    bindgenDir,
  ]);
}

rmSync(pkg, { recursive: true, force: true });
mkdirSync(join(pkg, 'dist'), { recursive: true });
const wasmPath = join(pkg, 'onefichier_bg.wasm');
const hasherWasmPath = join(bindgenDir, 'whirlpool_opt.wasm');
for (const [input, output, level] of [
  [join(bindgenDir, 'onefichier_bg.wasm'), wasmPath, '-Oz'],
  [join(bindgenDir, 'whirlpool_bg.wasm'), hasherWasmPath, '-O3'],
]) {
  // The features Rust's wasm32 target enables; wasm-opt must be allowed to keep them.
  run(bin('wasm-opt'), [
    input,
    level,
    // wasm-opt's default inlining of one-caller functions makes this wasm larger (wasm-size.md).
    '--one-caller-inline-max-function-size=50',
    '--strip-debug',
    '--strip-producers',
    '--enable-bulk-memory',
    '--enable-nontrapping-float-to-int',
    '--enable-sign-ext',
    '--enable-mutable-globals',
    '--enable-reference-types',
    '--enable-multivalue',
    '-o',
    output,
  ]);
}

rmSync(sourceDir, { recursive: true, force: true });
cpSync(at('pkg-template', 'src'), sourceDir, { recursive: true });
mkdirSync(join(sourceDir, 'wasm'));
// The glue makes a TextDecoder and a TextEncoder when it is imported: it gets them from
// text-codec.js, so that importing the package works where the globals are missing.
writeFileSync(
  join(sourceDir, 'wasm', 'onefichier.js'),
  `import { TextDecoder, TextEncoder } from '../text-codec.js';\n${readFileSync(join(bindgenDir, 'onefichier.js'), 'utf8')}`,
);
writeFileSync(
  join(sourceDir, 'wasm', 'whirlpool.js'),
  `import { TextDecoder, TextEncoder } from '../text-codec.js';\n${readFileSync(join(bindgenDir, 'whirlpool.js'), 'utf8')}`,
);
// The inline entry carries the wasm deflated (base64 of deflated bytes gzips to about the
// deflated size; base64 of the raw wasm would cost ~30 % more) and inflates it on first use
// with the package's own small inflater, checked here. Zopfli writes the same deflate
// format as zlib, 6 % smaller (2.5 kB less for every page), at ~3 s of build time. The
// hasher's chunk carries its wasm the same way, for every entry.
const { inflate } = await import(pathToFileURL(join(sourceDir, 'inflate.js')).href);
for (const [path, module, what] of [
  [wasmPath, 'deflated.js', 'the optimised wasm'],
  [hasherWasmPath, 'whirlpool-deflated.js', "the Whirlpool hasher's optimised wasm"],
]) {
  const wasmBytes = readFileSync(path);
  const deflated = Buffer.from(await promisify(zopfli.deflate)(wasmBytes, { numiterations: 15 }));
  if (Buffer.compare(Buffer.from(inflate(deflated, wasmBytes.length)), wasmBytes) !== 0) {
    throw new Error('pkg-template/src/inflate.js does not restore the deflated wasm');
  }
  writeFileSync(
    join(sourceDir, 'wasm', module),
    `// Generated by scripts/build-npm.mjs: ${what}, deflated, base64, and its size.\nexport const deflatedWasm = '${deflated.toString('base64')}';\nexport const wasmSize = ${wasmBytes.length};\n`,
  );
}

// Every entry imports these chunks on first use rather than bundling them: the Whirlpool
// hasher (dist/whirlpool.js), the download streamer (dist/download.js) and the upload checker
// (dist/upload-check.js).
const hasherChunk = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/hasher-chunk\.js$/ }, () => ({ path: './whirlpool.js', external: true }));
    build.onResolve({ filter: /^\.\/(download|upload-check)\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};
const common = {
  bundle: true,
  logLevel: 'warning',
  target: 'es2022',
  minifySyntax: true,
  legalComments: 'none',
  plugins: [hasherChunk],
};
const entry = (name) => join(sourceDir, name);
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [entry('entry-node.js')],
    outfile: join(pkg, 'dist', 'node.mjs'),
    format: 'esm',
    platform: 'node',
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('entry-node.js')],
    outfile: join(pkg, 'dist', 'node.cjs'),
    format: 'cjs',
    platform: 'node',
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('entry-inline.js')],
    outfile: join(pkg, 'dist', 'browser.js'),
    format: 'esm',
    platform: 'neutral',
    // What web pages ship: minified (the node entries stay readable).
    minify: true,
  }),
  // require() outside Node: test runners that emulate a browser in Node (Jest's jsdom
  // environment resolves the 'browser' and 'require' conditions).
  esbuild.build({
    ...common,
    entryPoints: [entry('entry-inline.js')],
    outfile: join(pkg, 'dist', 'browser.cjs'),
    format: 'cjs',
    platform: 'neutral',
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('entry-slim.js')],
    outfile: join(pkg, 'dist', 'slim.js'),
    format: 'esm',
    platform: 'neutral',
    minify: true,
  }),
  // For require() on Node versions that cannot require ES modules (18, 20 before 20.19, 22
  // before 22.12).
  esbuild.build({
    ...common,
    entryPoints: [entry('entry-slim.js')],
    outfile: join(pkg, 'dist', 'slim.cjs'),
    format: 'cjs',
    platform: 'neutral',
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('download.js')],
    outfile: join(pkg, 'dist', 'download.js'),
    format: 'esm',
    platform: 'neutral',
    minify: true,
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('upload-check.js')],
    outfile: join(pkg, 'dist', 'upload-check.js'),
    format: 'esm',
    platform: 'neutral',
    minify: true,
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('hasher-chunk.js')],
    outfile: join(pkg, 'dist', 'whirlpool.js'),
    format: 'esm',
    platform: 'neutral',
    minify: true,
  }),
  esbuild.build({
    ...common,
    entryPoints: [entry('cli.js')],
    // The CLI uses the package's own Node entry rather than a second copy of it (and of the wasm).
    plugins: [
      hasherChunk,
      {
        name: 'node-entry',
        setup(build) {
          build.onResolve({ filter: /^\.\/entry-node\.js$/ }, () => ({ path: './node.mjs', external: true }));
        },
      },
    ],
    outfile: join(pkg, 'dist', 'cli.mjs'),
    format: 'esm',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

// gzip codes the long base64 run of the embedded wasm best in blocks of its own: its
// declaration moves from the middle of the bundle to the end (a hoisted `var`, read only on
// first use, after the module has run), which costs ~700 B less for every page.
{
  const path = join(pkg, 'dist', 'browser.js');
  const text = readFileSync(path, 'utf8');
  const declaration = text.match(/var [\w$]+=(["'])[A-Za-z0-9+/=]{20000,}\1;/)?.[0];
  if (!declaration) throw new Error('browser.js: the embedded wasm was not found');
  writeFileSync(path, `${text.replace(declaration, '')}${declaration}\n`);
}

const version = readFileSync(at('Cargo.toml'), 'utf8').match(/^version = "(.+)"$/m)[1];
const manifest = JSON.parse(readFileSync(at('pkg-template', 'package.json'), 'utf8'));
writeFileSync(join(pkg, 'package.json'), `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
for (const file of ['README.md', 'index.d.ts', 'slim.d.ts']) cpSync(at('pkg-template', file), join(pkg, file));
// CommonJS consumers resolve their own copies, so TypeScript does not treat them as ESM.
cpSync(at('pkg-template', 'index.d.ts'), join(pkg, 'index.d.cts'));
writeFileSync(
  join(pkg, 'slim.d.cts'),
  readFileSync(at('pkg-template', 'slim.d.ts'), 'utf8').replace("from './index.js'", "from './index.cjs'"),
);
cpSync(at('LICENSE'), join(pkg, 'LICENSE'));

run(bin('tsc'), [
  '--noEmit',
  '--strict',
  '--skipLibCheck',
  'false',
  '--lib',
  'es2022,dom',
  join(pkg, 'index.d.ts'),
  join(pkg, 'slim.d.ts'),
]);
console.log(`pkg/ built: onefichier ${version}, wasm ${readFileSync(wasmPath).length} bytes`);
