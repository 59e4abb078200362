// Type tests of the published typings (pkg/index.d.ts, pkg/index.d.cts, pkg/slim.d.ts), compiled
// by tsc as a user project would import them: `import … from 'onefichier'` resolved through a
// node_modules/onefichier symlink and the package's "exports" map. Twice: with `--lib es2022`
// only (a Node-only project without the DOM lib nor @types/node) and with `--lib es2022,dom`.
//   ok*.ts / ok.cts   must compile (ok-dom.ts only with the DOM lib, ok-no-dom.ts only without);
//   fail-*.ts         each compiled alone, must fail with the code on its "// Expected: error TSxxxx" line,
//                     and only in that file. These runs add --skipLibCheck (the DOM lib alone takes
//                     seconds to check): the typings themselves are checked by the ok run.
// Nothing is written into the repository: the project is laid out in a temporary directory.
//
// Needs the package built (node scripts/build-npm.mjs) and typescript installed (npm ci).
// ONEFICHIER_PKG_DIR points at another package directory (default <repo>/pkg);
// ONEFICHIER_TSC at another tsc (default <repo>/node_modules/.bin/tsc).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '..', '..');
const pkgDir = resolve(process.env.ONEFICHIER_PKG_DIR || join(repo, 'pkg'));
const tsc = resolve(process.env.ONEFICHIER_TSC || join(repo, 'node_modules', '.bin', 'tsc'));

const LIBS = ['es2022', 'es2022,dom'];
// Automatic @types/* only from the project's own (empty) node_modules/@types, never from a
// node_modules above it: Node-only here means without @types/node too.
const flags = (lib) =>
  `--noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 --lib ${lib} --typeRoots ./node_modules/@types --pretty false`.split(
    ' ',
  );

const sources = readdirSync(here).filter((name) => /\.c?ts$/.test(name) && !name.endsWith('.d.ts'));
const failures = sources.filter((name) => name.startsWith('fail-')).sort();
let project;

function runTsc(lib, files, extra = []) {
  return new Promise((done) => {
    execFile(tsc, [...flags(lib), ...extra, ...files], { cwd: project, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        output: `${stdout}${stderr}`.trim(),
      });
    });
  });
}

before(() => {
  for (const file of ['package.json', 'index.d.ts', 'slim.d.ts']) {
    if (!existsSync(join(pkgDir, file))) {
      throw new Error(
        `${join(pkgDir, file)} is missing: run node scripts/build-npm.mjs first (or set ONEFICHIER_PKG_DIR).`,
      );
    }
  }
  if (!existsSync(tsc)) throw new Error(`${tsc} is missing: run npm ci first (typescript is a devDependency).`);
  project = mkdtempSync(join(tmpdir(), 'onefichier-types-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(pkgDir, join(project, 'node_modules', 'onefichier'), process.platform === 'win32' ? 'junction' : 'dir');
  writeFileSync(join(project, 'package.json'), '{"type":"module"}\n');
  for (const name of sources) copyFileSync(join(here, name), join(project, name));
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

for (const lib of LIBS) {
  describe(`--lib ${lib}`, () => {
    const dom = lib.split(',').includes('dom');
    const ok = ['ok.ts', 'ok.cts', dom ? 'ok-dom.ts' : 'ok-no-dom.ts'];

    test(`${ok.join(', ')} compile`, async () => {
      const { code, output } = await runTsc(lib, ok);
      assert.equal(code, 0, `tsc ${flags(lib).join(' ')} ${ok.join(' ')} failed:\n${output}`);
    });

    for (const name of failures) {
      test(`${name} is refused`, async () => {
        const expected = /^\/\/ Expected: error (TS\d+)$/m.exec(readFileSync(join(here, name), 'utf8'))?.[1];
        assert.ok(expected, `${name} has no "// Expected: error TSxxxx" line`);
        const { code, output } = await runTsc(lib, [name], ['--skipLibCheck']);
        assert.notEqual(code, 0, `${name} compiled, but should not have`);
        const errors = output.split('\n').filter((line) => / error TS\d+:/.test(line));
        assert.ok(errors.length > 0, `tsc failed without a type error:\n${output}`);
        for (const line of errors) assert.ok(line.startsWith(`${name}(`), `an error outside ${name}:\n${output}`);
        assert.ok(
          errors.some((line) => line.includes(`error ${expected}:`)),
          `${name}: expected ${expected}, got:\n${output}`,
        );
      });
    }
  });
}
