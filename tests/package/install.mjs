// Installs the packed tarball (target/onefichier-*.tgz, made by `npm pack pkg`) into a
// throwaway project, the way a user gets it, and loads it through the package's own
// `exports` map: `import` from an ESM project, `require` from a CommonJS one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tarballPath() {
  const target = join(repo, 'target');
  const tarball = readdirSync(target).find((name) => /^onefichier-.*\.tgz$/.test(name));
  if (!tarball)
    throw new Error(
      'No target/onefichier-*.tgz: run `npm pack ./pkg --pack-destination target` first (scripts/test.sh does).',
    );
  return join(target, tarball);
}

/** A project of the given module type with the tarball installed; returns its folder. */
export function makeProject(type) {
  const dir = mkdtempSync(join(tmpdir(), `onefichier-${type}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${type}`, private: true, type }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballPath()], {
    cwd: dir,
    stdio: 'inherit',
  });
  return dir;
}

export async function loadEsm() {
  const dir = makeProject('module');
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, "export * from 'onefichier';\n");
  return {
    lib: await import(pathToFileURL(entry).href),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function loadCjs() {
  const dir = makeProject('commonjs');
  const lib = createRequire(join(dir, 'index.js'))('onefichier');
  return { lib, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
