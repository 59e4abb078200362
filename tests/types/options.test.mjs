// The typings against the core's own parameter tables: for every method of `Client`, the keys
// of its options type in pkg/index.d.ts (read with the TypeScript compiler API) must be exactly
// the keys the core accepts. The core names them itself: an unknown key is refused with
// "unknown option … (known: a, b, signal)", before anything is sent.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const pkgDir = resolve(process.env.ONEFICHIER_PKG_DIR || join(repo, 'pkg'));
const URL_ = 'https://1fichier.com/?abcde12345';

/** Valid arguments before the options object, per method. */
const LEADING = {
  listFolder: [0],
  walk: [0],
  createFolder: ['name'],
  removeFolder: [5],
  moveFolder: [5],
  shareFolder: [5],
  listFiles: [0],
  fileInfo: [URL_],
  removeFiles: [URL_],
  moveFiles: [URL_],
  copyFiles: [URL_],
  renameFiles: [{ url: URL_, name: 'n' }],
  setFileAttributes: [URL_],
  scanFile: [URL_],
  downloadLink: [URL_],
  download: [URL_],
  downloadToFile: [URL_, '/tmp/file'],
  remoteUpload: ['https://example.com/a.zip'],
  remoteJob: [1],
  waitForRemoteJob: [1],
  upload: [{ name: 'a.bin', data: new Uint8Array(1) }],
  addFtpUser: ['user', 'password'],
  removeFtpUser: ['user'],
  setUserSettings: [{ useCdn: true }],
};

/** The keys the core names when `call` is refused for an unknown key. */
async function knownKeys(call, what) {
  const error = await call().then(
    () => assert.fail(`${what} accepted an unknown key`),
    (thrown) => thrown,
  );
  assert.equal(error.code, 'invalid_input', `${what}: ${error.message}`);
  const known = error.message.match(/\(known: (.*)\)\.$/)?.[1];
  assert.ok(known, `${what} names the keys it knows: ${error.message}`);
  return new Set(known.split(', '));
}

function program() {
  const file = join(pkgDir, 'index.d.ts');
  const built = ts.createProgram([file], { strict: true, lib: ['lib.es2022.d.ts'], noEmit: true });
  return { checker: built.getTypeChecker(), source: built.getSourceFile(file) };
}

/** The property names of an exported interface of the typings. */
function typedInterface(name) {
  const { checker, source } = program();
  const declaration = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === name);
  return new Set(checker.getPropertiesOfType(checker.getTypeAtLocation(declaration)).map((p) => p.name));
}

/** The option keys of each method's last parameter in the typings. */
function typedOptions() {
  const { checker, source } = program();
  const client = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'Client');
  const options = {};
  for (const member of client.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    const last = member.parameters.at(-1);
    const type = checker.getNonNullableType(checker.getTypeAtLocation(last));
    const keys = new Set();
    for (const part of type.isUnion() ? type.types : [type]) {
      for (const property of checker.getPropertiesOfType(part)) keys.add(property.name);
    }
    // Overloads (listFolder) must agree; union their keys.
    const name = member.name.text;
    options[name] = new Set([...(options[name] ?? []), ...keys]);
  }
  return options;
}

test('every method accepts exactly the option keys its typings declare', async () => {
  const { Client } = await import(pathToFileURL(join(pkgDir, 'dist', 'node.mjs')).href);
  const client = new Client({ apiKey: 'k', apiBase: 'http://127.0.0.1:9/v1' });
  const typed = typedOptions();
  const methods = Object.entries(Object.getOwnPropertyDescriptors(Client.prototype))
    .filter(([name, descriptor]) => name !== 'constructor' && typeof descriptor.value === 'function')
    .map(([name]) => name);
  assert.deepEqual(new Set(methods), new Set(Object.keys(typed)), 'the same methods in the package and the typings');
  for (const method of methods) {
    const call = () => {
      const result = client[method](...(LEADING[method] ?? []), { probeKey: 1 });
      return typeof result?.next === 'function' ? result.next() : result; // walk() is an async iterator
    };
    const known = await knownKeys(call, method);
    assert.deepEqual(typed[method], known, `${method}: typings vs core`);
  }
  // The settings themselves: the typings' UserSettings against the core's settings table.
  const settings = await knownKeys(() => client.setUserSettings({ probeKey: 1 }), 'setUserSettings settings');
  settings.delete('signal');
  assert.deepEqual(typedInterface('UserSettings'), settings, 'UserSettings: typings vs core');
});
