// Plain-Node tests of the extension's pure parts: settings migrations and the translations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLIENT_CODES, EXTENSION_CODES } from '../../extension/src/lib/errors.js';
import { DEFAULT_API_BASE, defaultSettings, keyHint, migrate, SETTINGS_VERSION } from '../../extension/src/lib/settings.js';

const extension = new URL('../../extension/', import.meta.url).pathname;
const KEY = 'DEMO0123456789abcdefDEMO01234567';

describe('settings migrations', () => {
  it('nothing stored → the defaults', () => {
    for (const stored of [undefined, null, 'text', 42, []]) assert.deepEqual(migrate(stored), defaultSettings());
    assert.equal(defaultSettings().apiBase, DEFAULT_API_BASE);
    assert.equal(defaultSettings().version, SETTINGS_VERSION);
  });

  it('an object without a version keeps every valid field', () => {
    const settings = migrate({ apiKey: ` ${KEY} `, defaultFolder: { id: 7, name: 'Backups' }, showPageItem: false });
    assert.equal(settings.version, SETTINGS_VERSION);
    assert.equal(settings.apiKey, KEY);
    assert.deepEqual(settings.defaultFolder, { id: 7, name: 'Backups' });
    assert.equal(settings.showPageItem, false);
    assert.equal(settings.notifyOnDone, true);
  });

  it('damaged fields fall back to their defaults without losing the key', () => {
    const settings = migrate({
      version: 1, apiKey: KEY, apiBase: 'ftp://nowhere', defaultFolder: { id: -3 }, notifyOnSend: 'yes',
      favourites: [{ id: 2, name: 'A' }, { id: 2, name: 'A again' }, { id: 'x' }, null, { id: 5 }],
    });
    assert.equal(settings.apiKey, KEY);
    assert.equal(settings.apiBase, DEFAULT_API_BASE);
    assert.deepEqual(settings.defaultFolder, { id: 0, name: '' });
    assert.equal(settings.notifyOnSend, true);
    assert.deepEqual(settings.favourites, [{ id: 2, name: 'A' }, { id: 5, name: '' }]);
  });

  it('settings written by a newer version are read as far as they are understood', () => {
    const settings = migrate({ version: SETTINGS_VERSION + 1, apiKey: KEY, someFutureField: true, apiBase: 'http://127.0.0.1:8080/v1/' });
    assert.equal(settings.apiKey, KEY);
    assert.equal(settings.apiBase, 'http://127.0.0.1:8080/v1');
    assert.equal('someFutureField' in settings, false);
  });

  it('shows at most the last four characters of a key', () => {
    assert.equal(keyHint(KEY), '••••4567');
    assert.equal(keyHint(''), '');
  });
});

describe('translations', () => {
  const locales = Object.fromEntries(readdirSync(join(extension, '_locales')).map((lang) => [lang,
    JSON.parse(readFileSync(join(extension, '_locales', lang, 'messages.json'), 'utf8'))]));

  it('English and French have the same keys, none empty', () => {
    assert.deepEqual(Object.keys(locales).sort(), ['en', 'fr']);
    assert.deepEqual(Object.keys(locales.fr).sort(), Object.keys(locales.en).sort());
    for (const [lang, messages] of Object.entries(locales)) {
      for (const [key, { message }] of Object.entries(messages)) assert.ok(message.trim(), `${lang}:${key}`);
    }
  });

  it('every error code has its sentence', () => {
    for (const code of [...CLIENT_CODES, ...EXTENSION_CODES]) {
      for (const lang of ['en', 'fr']) assert.ok(locales[lang][`error_${code}`], `${lang}: error_${code}`);
    }
  });

  it('every key the code and pages use exists', () => {
    const used = new Set(['extensionName', 'extensionDescription', 'actionTitle', 'commandSendTab']);
    const files = ['src', 'src/lib', 'src/background', 'src/pages'].flatMap((dir) => readdirSync(join(extension, dir))
      .filter((name) => /\.(js|html)$/.test(name)).map((name) => readFileSync(join(extension, dir, name), 'utf8')));
    for (const text of files) {
      for (const [, key] of text.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) used.add(key);
      for (const [, key] of text.matchAll(/\bplural\('([A-Za-z0-9_]+)'/g)) used.add(`${key}_one`).add(`${key}_other`);
      for (const [, key] of text.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) used.add(key);
    }
    const missing = [...used].filter((key) => !locales.en[key]);
    assert.deepEqual(missing, []);
  });
});
