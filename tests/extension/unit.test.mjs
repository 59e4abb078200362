// Plain-Node tests of the extension's pure parts: settings migrations, accepted addresses, link
// extraction and routing (with the built package's parseLink/extractLinks, as the extension
// bundles them), what a retry sends again, the polling schedule of remote jobs, the
// translations and error sentences, and the copies of the package's constants that must stay
// (manifest, locales, the API address). Needs pkg/ (node scripts/build-npm.mjs).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const extension = new URL('../../extension/', import.meta.url).pathname;
const locales = Object.fromEntries(
  readdirSync(join(extension, '_locales')).map((lang) => [
    lang,
    JSON.parse(readFileSync(join(extension, '_locales', lang, 'messages.json'), 'utf8')),
  ]),
);
// The browser's i18n, in English unless a test says otherwise, for the modules below
// (lib/browser.js reads the namespace once, when it is loaded: hence the dynamic imports after
// this line).
let uiLanguage = 'en';
globalThis.chrome = {
  i18n: {
    getUILanguage: () => uiLanguage,
    getMessage: (key, substitutions = []) =>
      (locales[uiLanguage] ?? locales.en)[key]?.message.replace(
        /\$([1-9])/g,
        (_, index) => substitutions[index - 1] ?? '',
      ) ?? '',
  },
};

const pkg = await import('../../pkg/dist/slim.js'); // what the extension bundles as 'onefichier/slim'
const { FLOOD_PAUSE_MS, GIVE_UP_AFTER_MS, isStalled, nextPollDelay } = await import(
  '../../extension/src/background/poll-schedule.js'
);
const { describeError, EXTENSION_CODES, ExtensionError } = await import('../../extension/src/lib/errors.js');
const { retryPlan } = await import('../../extension/src/lib/jobs-store.js');
const { safeFileName } = await import('../../extension/src/lib/file-names.js');
const { groupOf, sortPageLinks } = await import('../../extension/src/lib/link-groups.js');
const { listPublicFolder, publicFolderPage } = await import('../../extension/src/lib/public-folder.js');
const { linksInSelection, readPasted, sameFile, splitByDestination } = await import('../../extension/src/lib/links.js');
const { DEFAULT_API_BASE, defaultSettings, isOfficialApi, keyHint, migrate, SETTINGS_VERSION } = await import(
  '../../extension/src/lib/settings.js'
);
const { isAllowedApiBase, isHttpUrl } = await import('../../extension/src/lib/urls.js');
const { plural } = await import('../../extension/src/lib/i18n.js');

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

  it('pasted text: links wherever they are, and what cannot be sent with it', () => {
    const text =
      'See https://a.example/1, https://a.example/2; and (https://a.example/3)\n' +
      'ftp://files.example/x magnet:?xt=urn:btih:abc https://a.example/1 file:///etc/passwd';
    const { links, rejected } = readPasted(text, tools);
    assert.deepEqual(links, ['https://a.example/1', 'https://a.example/2', 'https://a.example/3']);
    assert.deepEqual(rejected, ['ftp://files.example/x', 'magnet:?xt=urn:btih:abc', 'file:///etc/passwd']);
    assert.deepEqual(readPasted('nothing here', tools), { links: [], rejected: [] });
  });

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

describe('link picker', async () => {
  const tools = await import('../../pkg/dist/node.mjs');

  it('sorts links by what they point at, each once, http(s) only, 1fichier files as copies', () => {
    assert.equal(groupOf('https://a.example/x/Game.Part1.RAR', 'a'), 'archives');
    assert.equal(groupOf('https://a.example/movie.mkv?dl=1', 'a'), 'video');
    assert.equal(groupOf('https://a.example/stream', 'video'), 'video');
    assert.equal(groupOf('https://a.example/pic', 'img'), 'images');
    assert.equal(groupOf('https://a.example/', 'a'), 'other');
    const file = 'https://1fichier.com/?abcdefghij0123456789';
    const sorted = sortPageLinks(
      [
        { url: 'https://a.example/a.zip', text: '', tag: 'a' },
        { url: 'https://a.example/a.zip#mirror', text: 'Archive', tag: 'a' },
        { url: 'mailto:x@example.org', text: 'Mail', tag: 'a' },
        { url: 'javascript:void 0', text: '', tag: 'a' },
        { url: 'not a url', text: '', tag: 'a' },
        { url: file, text: 'Mirror', tag: 'a' },
        { url: 'https://1fichier.com/dir/AbCdEf12', text: 'Folder', tag: 'a' },
      ],
      tools,
    );
    assert.deepEqual(sorted, [
      { url: 'https://a.example/a.zip', text: 'Archive', group: 'archives', action: 'fetch' },
      { url: file, text: 'Mirror', group: 'other', action: 'copy' },
      { url: 'https://1fichier.com/dir/AbCdEf12', text: 'Folder', group: 'other', action: 'fetch' },
    ]);
  });
});

describe('downloads', () => {
  it('saves files under names no system refuses and that stay in the download folder', () => {
    assert.equal(safeFileName('Holiday (final).mkv'), 'Holiday (final).mkv');
    assert.equal(safeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.equal(safeFileName('a:b*c?"d"<e>|f\\g\u0007.txt'), 'a_b_c__d__e__f_g_.txt');
    assert.equal(safeFileName('  .hidden name.  '), 'hidden name');
    assert.equal(safeFileName('CON.txt'), '_CON.txt');
    assert.equal(safeFileName('...'), '');
    const long = safeFileName(`${'x'.repeat(300)}.tar.gz`);
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('.gz'));
  });

  it('reads public folder pages: JSON files, the password form, a POSTed password never in the URL', async () => {
    assert.equal(publicFolderPage('abc12345', DEFAULT_API_BASE), 'https://1fichier.com/dir/abc12345');
    assert.equal(publicFolderPage('abc12345', 'http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080/dir/abc12345');
    const calls = [];
    const answer =
      (body, status = 200) =>
      async (url, init) => {
        calls.push({ url, init });
        return new Response(body, { status });
      };
    const listing = JSON.stringify([
      { filename: 'a.zip', link: 'https://1fichier.com/?aaaaaaaaaaaaaaaaaaaa', size: 12, password: 0, acl: 0 },
      { filename: 'b.zip', link: 'https://1fichier.com/?bbbbbbbbbbbbbbbbbbbb', size: '7', password: 1, acl: 0 },
      { filename: 'no link' },
    ]);
    const files = await listPublicFolder('abc12345', { apiBase: DEFAULT_API_BASE, fetch: answer(listing) });
    assert.deepEqual(files, [
      { url: 'https://1fichier.com/?aaaaaaaaaaaaaaaaaaaa', name: 'a.zip', size: 12, hasPassword: false },
      { url: 'https://1fichier.com/?bbbbbbbbbbbbbbbbbbbb', name: 'b.zip', size: 7, hasPassword: true },
    ]);
    assert.equal(calls[0].url, 'https://1fichier.com/dir/abc12345?json=1');
    await listPublicFolder('abc12345', { apiBase: DEFAULT_API_BASE, password: 's3cret pw', fetch: answer('[]') });
    assert.equal(calls[1].url, 'https://1fichier.com/dir/abc12345');
    assert.equal(calls[1].init.method, 'POST');
    assert.equal(calls[1].init.body, 'json=1&pass=s3cret+pw');
    const form = '<form method="post"><input type="password" name="pass"></form>';
    const refusals = [
      [answer(form), 'password_needed'],
      [answer('gone', 404), 'not_found'],
      [answer('oops', 502), 'server'],
      [answer('{"not":"a list"}'), 'decode'],
      [async () => Promise.reject(new TypeError('Failed to fetch')), 'network'],
    ];
    for (const [fetch, code] of refusals) {
      await assert.rejects(listPublicFolder('abc12345', { apiBase: DEFAULT_API_BASE, fetch }), { code });
    }
  });
});

describe("the package's constants: one source", () => {
  const manifest = JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8'));
  const sources = ['src', 'src/lib', 'src/background', 'src/pages'].flatMap((dir) =>
    readdirSync(join(extension, dir))
      .filter((name) => /\.(js|html)$/.test(name))
      .map((name) => ({ name: `${dir}/${name}`, text: readFileSync(join(extension, dir, name), 'utf8') })),
  );

  it("the default API address is the package's, and only its host counts as 1fichier's own", () => {
    // settings.js keeps a copy (importing the package would bring the client into the popup).
    assert.equal(DEFAULT_API_BASE, pkg.DEFAULT_API_BASE);
    assert.equal(DEFAULT_API_BASE, 'https://api.1fichier.com/v1');
    assert.equal(isOfficialApi(pkg.DEFAULT_API_BASE), true);
    assert.equal(isOfficialApi('https://proxy.example.org/v1'), false);
    assert.equal(isOfficialApi('http://127.0.0.1:8080/v1'), false);
  });

  it("the manifest's host permissions: the package's API origin and 1fichier's upload hosts, nothing else", () => {
    // manifest.json cannot import: its patterns are tied to DEFAULT_API_BASE and LINK_DOMAINS here.
    const api = `${new URL(pkg.DEFAULT_API_BASE).origin}/*`;
    const uploadHosts = `https://*.${pkg.LINK_DOMAINS[0]}/*`;
    assert.equal(pkg.LINK_DOMAINS[0], '1fichier.com');
    assert.deepEqual([...manifest.host_permissions].sort(), [api, uploadHosts].sort());
  });

  it('no other copy: the link domains, the error codes and the API address are written nowhere else', () => {
    // menus.js builds the "Copy to my account" patterns from the imported LINK_DOMAINS, errors.js
    // knows a code by its sentence (no file lists the package's codes), the API address is settings.js's tied copy. A list written
    // back into a source file would drift from the package's.
    assert.equal(pkg.LINK_DOMAINS.length, 11);
    const copies = [];
    for (const { name, text } of sources) {
      // 1fichier.com itself is named in comments and in the options page's help link.
      for (const domain of pkg.LINK_DOMAINS.slice(1)) if (text.includes(domain)) copies.push(`${name}: ${domain}`);
      if (text.includes(pkg.DEFAULT_API_BASE) && name !== 'src/lib/settings.js')
        copies.push(`${name}: ${pkg.DEFAULT_API_BASE}`);
      // Naming the few codes a rule is about is fine; naming most of them is a copy of the list.
      const named = pkg.ERROR_CODES.filter((code) => text.includes(`'${code}'`));
      if (named.length > pkg.ERROR_CODES.length / 2) copies.push(`${name}: ${named.length} error codes`);
    }
    assert.deepEqual(copies, []);
  });
});

describe('retries', () => {
  const job = (fields) => ({
    kind: 'remote',
    status: 'failed',
    urls: ['https://a.example/1', 'https://a.example/2', 'https://a.example/3'],
    results: [],
    ...fields,
  });
  const failed = (url) => ({ url, ok: false, link: null, message: 'Not found' });
  const done = (url) => ({ url, ok: true, link: 'https://1fichier.com/?x', message: '' });

  it('sends again the failed and the unanswered URLs at once', () => {
    assert.deepEqual(retryPlan(job({})), {
      safe: ['https://a.example/1', 'https://a.example/2', 'https://a.example/3'],
      uncertain: [],
    });
    const partial = job({
      status: 'partial',
      results: [done('https://a.example/1'), failed('https://a.example/2')],
    });
    assert.deepEqual(retryPlan(partial), { safe: ['https://a.example/2', 'https://a.example/3'], uncertain: [] });
  });

  it('keeps apart the URLs 1fichier may already have (uncertain): they need the user to insist', () => {
    const broken = job({
      status: 'partial',
      results: [done('https://a.example/1'), failed('https://a.example/3')],
      uncertain: ['https://a.example/2'],
    });
    assert.deepEqual(retryPlan(broken), { safe: ['https://a.example/3'], uncertain: ['https://a.example/2'] });
    const interrupted = job({ uncertain: job({}).urls });
    assert.deepEqual(retryPlan(interrupted), { safe: [], uncertain: interrupted.urls });
  });

  it('offers nothing for running jobs, finished ones and uploads; reads jobs stored by 0.1.0', () => {
    for (const status of ['sending', 'waiting', 'done'])
      assert.deepEqual(retryPlan(job({ status })), { safe: [], uncertain: [] }, status);
    assert.deepEqual(retryPlan(job({ kind: 'upload' })), { safe: [], uncertain: [] });
    const stored = job({ results: [failed('https://a.example/1')] });
    delete stored.uncertain;
    assert.equal(retryPlan(stored).safe.length, 3);
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
  it("plural forms follow the UI language's rules: French says 0 lien, English 0 links", () => {
    try {
      uiLanguage = 'fr';
      assert.equal(plural('popupSent', 0), '0 lien envoyé');
      assert.equal(plural('popupSent', 1), '1 lien envoyé');
      assert.equal(plural('popupSent', 2), '2 liens envoyés');
      assert.equal(plural('failedUrls', 0), '0 lien a échoué.');
      // A UI language without translation shows English, with English rules (not "0 link").
      uiLanguage = 'pt';
      assert.equal(plural('popupSent', 0), 'Sent 0 links');
      uiLanguage = 'en';
      assert.equal(plural('popupSent', 0), 'Sent 0 links');
      assert.equal(plural('popupSent', 1), 'Sent 1 link');
    } finally {
      uiLanguage = 'en';
    }
  });

  it('English and French have the same keys, none empty', () => {
    assert.deepEqual(Object.keys(locales).sort(), ['en', 'fr']);
    assert.deepEqual(Object.keys(locales.fr).sort(), Object.keys(locales.en).sort());
    for (const [lang, messages] of Object.entries(locales)) {
      for (const [key, { message }] of Object.entries(messages)) assert.ok(message.trim(), `${lang}:${key}`);
    }
  });

  it("the error sentences are exactly the package's ERROR_CODES and the extension's own codes", () => {
    // The locales keep one key per code (messages.json cannot import): tied to the package here.
    assert.equal(pkg.ERROR_CODES.length, 14);
    assert.deepEqual(
      EXTENSION_CODES.filter((code) => pkg.ERROR_CODES.includes(code)),
      [],
      'no extension code hides a package code',
    );
    const codes = [...pkg.ERROR_CODES, ...EXTENSION_CODES].sort();
    for (const [lang, messages] of Object.entries(locales)) {
      const sentences = Object.keys(messages)
        .filter((key) => key.startsWith('error_'))
        .map((key) => key.slice('error_'.length))
        .sort();
      assert.deepEqual(sentences, codes, `${lang}: error_<code> keys`);
    }
  });

  it("every error of the package and of the extension reads as its own sentence, anything else as 'internal'", () => {
    for (const code of pkg.ERROR_CODES) {
      const described = describeError(new pkg.FichierError(code, 'The sentence of the package.'));
      assert.equal(described.code, code);
      assert.ok(described.message.startsWith(locales.en[`error_${code}`].message), code);
    }
    const original = console.error;
    console.error = () => {}; // 'internal' is logged for the bug report
    try {
      for (const code of EXTENSION_CODES) assert.equal(describeError(new ExtensionError(code)).code, code);
      for (const error of [new Error('boom'), { code: 'ENOTFOUND' }, { code: 'no_such_code' }, { code: 42 }, null])
        assert.deepEqual(describeError(error), { code: 'internal', message: locales.en.error_internal.message });
    } finally {
      console.error = original;
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
