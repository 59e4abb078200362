// Plain-Node tests of the extension's pure parts: settings migrations, accepted addresses, link
// extraction and routing (with the built package's parseLink/extractLinks, as the extension
// bundles them), the polling schedule of remote jobs, and the translations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  FLOOD_PAUSE_MS,
  GIVE_UP_AFTER_MS,
  isStalled,
  nextPollDelay,
} from '../../extension/src/background/poll-schedule.js';
import { CLIENT_CODES, EXTENSION_CODES } from '../../extension/src/lib/errors.js';
import { linksInSelection, sameFile, splitByDestination } from '../../extension/src/lib/links.js';
import {
  DEFAULT_API_BASE,
  defaultSettings,
  keyHint,
  migrate,
  SETTINGS_VERSION,
} from '../../extension/src/lib/settings.js';
import { isAllowedApiBase, isHttpUrl } from '../../extension/src/lib/urls.js';

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
      version: 1,
      apiKey: KEY,
      apiBase: 'ftp://nowhere',
      defaultFolder: { id: -3 },
      notifyOnSend: 'yes',
      favourites: [{ id: 2, name: 'A' }, { id: 2, name: 'A again' }, { id: 'x' }, null, { id: 5 }],
    });
    assert.equal(settings.apiKey, KEY);
    assert.equal(settings.apiBase, DEFAULT_API_BASE);
    assert.deepEqual(settings.defaultFolder, { id: 0, name: '' });
    assert.equal(settings.notifyOnSend, true);
    assert.deepEqual(settings.favourites, [
      { id: 2, name: 'A' },
      { id: 5, name: '' },
    ]);
  });

  it('settings written by a newer version are read as far as they are understood', () => {
    const settings = migrate({
      version: SETTINGS_VERSION + 1,
      apiKey: KEY,
      someFutureField: true,
      apiBase: 'http://127.0.0.1:8080/v1/',
    });
    assert.equal(settings.apiKey, KEY);
    assert.equal(settings.apiBase, 'http://127.0.0.1:8080/v1');
    assert.equal('someFutureField' in settings, false);
  });

  it('shows at most the last four characters of a key', () => {
    assert.equal(keyHint(KEY), '••••4567');
    assert.equal(keyHint(''), '');
  });
});

describe('addresses', () => {
  it('sends the key over https anywhere, over plain http only to this machine', () => {
    const table = {
      'https://api.1fichier.com/v1': true,
      'https://proxy.example.org/1fichier/v1': true,
      'http://127.0.0.1:8080/v1': true,
      'http://localhost:8080/v1': true,
      'http://[::1]:8080/v1': true,
      'http://proxy.example.org/v1': false,
      'http://192.168.1.10/v1': false,
      'ftp://api.1fichier.com/v1': false,
      'api.1fichier.com': false,
    };
    for (const [url, allowed] of Object.entries(table)) assert.equal(isAllowedApiBase(url), allowed, url);
    assert.equal(migrate({ version: 1, apiBase: 'http://proxy.example.org/v1' }).apiBase, DEFAULT_API_BASE);
  });

  it('sends only http(s) URLs', () => {
    for (const url of ['https://example.org/a.zip', 'http://127.0.0.1/x']) assert.equal(isHttpUrl(url), true, url);
    for (const url of ['javascript:void(0)', 'data:text/plain,hi', 'chrome://newtab/', 'example.org', ''])
      assert.equal(isHttpUrl(url), false, url);
  });
});

describe('links', async () => {
  const tools = await import('../../pkg/dist/node.mjs'); // built by scripts/build-npm.mjs

  it('finds every URL of a selection once: anchors first, then the text, without punctuation', () => {
    const text =
      'Mirrors (https://example.org/a.zip), https://1fichier.com/?abc123xyz&af=42. ' +
      'Also <http://mirror.example.net/b.iso>; again https://example.org/a.zip! ' +
      '[docs](https://x.example/c?d=1&e=2) www.no-scheme.example ftp://no.example/';
    const hrefs = ['https://site.example/anchor.iso', 'https://example.org/a.zip'];
    assert.deepEqual(linksInSelection(hrefs, text, tools), [
      'https://site.example/anchor.iso',
      'https://example.org/a.zip',
      'https://1fichier.com/?abc123xyz&af=42',
      'http://mirror.example.net/b.iso',
      'https://x.example/c?d=1&e=2',
    ]);
    assert.deepEqual(linksInSelection([], 'no address here', tools), []);
    assert.deepEqual(linksInSelection([], undefined, tools), []);
  });

  it('copies 1fichier file links, in any of their forms, and fetches everything else', () => {
    const urls = [
      'https://1fichier.com/?abc123xyz&af=42',
      'http://www.1fichier.com/?def456',
      'https://ghi789.1fichier.com/',
      'https://alterupload.com/?jkl012',
      'https://1fichier.com/dir/FOLDER1',
      'https://a-4.1fichier.com/c123456',
      'https://example.org/?x',
    ];
    assert.deepEqual(splitByDestination(urls, tools), {
      copies: urls.slice(0, 4),
      fetches: ['https://1fichier.com/dir/FOLDER1', 'https://a-4.1fichier.com/c123456', 'https://example.org/?x'],
    });
  });

  it('recognises the same file behind its different links', () => {
    assert.equal(sameFile('http://www.1fichier.com/?abc123xyz&af=42', 'https://1fichier.com/?abc123xyz', tools), true);
    assert.equal(sameFile('https://abc123xyz.1fichier.com/', 'https://1fichier.com/?abc123xyz', tools), true);
    assert.equal(sameFile('https://1fichier.com/?abc123xyz', 'https://1fichier.com/?other', tools), false);
    assert.equal(sameFile('https://example.org/?abc123xyz', 'https://example.org/?abc123xyz', tools), false);
  });
});

describe('polling of remote jobs', () => {
  const now = 1_800_000_000_000;
  const aged = (ms) => ({ createdAt: now - ms });

  it('asks often while a job is young, then less and less', () => {
    const table = [
      [0, 3_000],
      [119_000, 3_000],
      [2 * 60_000, 30_000],
      [29 * 60_000, 30_000],
      [30 * 60_000, 300_000],
      [10 * 3600_000, 300_000],
    ];
    for (const [age, delay] of table) assert.equal(nextPollDelay([aged(age)], now), delay, `age ${age}`);
    assert.equal(nextPollDelay([aged(5 * 3600_000), aged(10_000)], now), 3_000, 'the youngest job sets the pace');
  });

  it('pauses a minute after a flood lock and gives a job up after a day', () => {
    assert.equal(FLOOD_PAUSE_MS, 60_000);
    assert.equal(isStalled(aged(GIVE_UP_AFTER_MS - 1), now), false);
    assert.equal(isStalled(aged(GIVE_UP_AFTER_MS + 1), now), true);
  });
});

describe('translations', () => {
  const locales = Object.fromEntries(
    readdirSync(join(extension, '_locales')).map((lang) => [
      lang,
      JSON.parse(readFileSync(join(extension, '_locales', lang, 'messages.json'), 'utf8')),
    ]),
  );

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
    const files = ['src', 'src/lib', 'src/background', 'src/pages'].flatMap((dir) =>
      readdirSync(join(extension, dir))
        .filter((name) => /\.(js|html)$/.test(name))
        .map((name) => readFileSync(join(extension, dir, name), 'utf8')),
    );
    for (const text of files) {
      for (const [, key] of text.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) used.add(key);
      for (const [, key] of text.matchAll(/\bplural\('([A-Za-z0-9_]+)'/g)) used.add(`${key}_one`).add(`${key}_other`);
      for (const [, key] of text.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) used.add(key);
    }
    const missing = [...used].filter((key) => !locales.en[key]);
    assert.deepEqual(missing, []);
  });
});
