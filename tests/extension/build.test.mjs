// The built extension (node scripts/build-extension.mjs): each browser's zip stays within
// 100 KB and carries the wasm once, as the file onefichier_bg.wasm that onefichier/slim loads,
// never a second time inlined as base64 in the bundled scripts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';

const dist = new URL('../../extension/dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(new URL('../../extension/manifest.json', import.meta.url), 'utf8'));
const MAX_ZIP_BYTES = 100_000; // 100 kB, as the budget of bench/run.mjs counts it
/** Any run of base64 this long is embedded binary data (the wasm inlined would be ~100 KB of it). */
const BASE64_RUN = /[A-Za-z0-9+/]{2000,}={0,2}/;

/** The entry names of a zip, read from its central directory. */
function zipEntries(path) {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${path}: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names = [];
  for (let index = 0; index < count; index += 1) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, `${path}: central directory entry ${index}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const filesUnder = (dir) => readdirSync(dir, { recursive: true }).filter((name) => statSync(join(dir, name)).isFile());

describe('packed extension', () => {
  for (const browser of ['chrome', 'firefox']) {
    const zip = join(dist, `send-to-1fichier-${manifest.version}-${browser}.zip`);

    it(`${browser}: the zip carries the wasm once, as a file`, () => {
      const entries = zipEntries(zip);
      assert.deepEqual(
        entries.filter((name) => name.endsWith('.wasm')),
        ['onefichier_bg.wasm'],
      );
      assert.ok(entries.includes('background.js') && entries.includes('manifest.json'), entries.join(', '));
      const scripts = filesUnder(join(dist, browser)).filter((name) => name.endsWith('.js'));
      assert.ok(scripts.length > 0);
      for (const name of scripts) {
        const text = readFileSync(join(dist, browser, name), 'utf8');
        assert.equal(BASE64_RUN.test(text), false, `${browser}/${name} embeds base64 data`);
      }
    });

    it(`${browser}: the zip is at most 100 kB`, () => {
      const size = statSync(zip).size;
      const wasm = deflateRawSync(readFileSync(join(dist, browser, 'onefichier_bg.wasm')), { level: 9 }).length;
      assert.ok(size <= MAX_ZIP_BYTES, `${zip}: ${size} bytes, of which the wasm ~${wasm} compressed`);
    });
  }
});
