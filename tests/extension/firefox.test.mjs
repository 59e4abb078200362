// The Firefox build of the extension (extension/dist/firefox, MV3 module background scripts) in
// Debian's firefox-esr, headless, against the local 1fichier: it loads, takes its settings, and a
// context-menu click sends the link and follows the job to its end, and a Premium download asks
// for its permission in the click and lands on disk, and the link picker sends what is picked. Needs /usr/bin/firefox-esr
// (scripts/setup.sh --browsers) and extension/dist/firefox (node scripts/build-extension.mjs).
//
// Firefox is driven over WebDriver BiDi (firefox-fixture.mjs): webExtension.install loads the
// build as a temporary add-on, a pref fixes its moz-extension UUID, and the popup page reaches
// the background page through runtime.getBackgroundPage(), whose handleMenuClick is the very
// function registered with menus.onClicked (a test cannot open the native context menu).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../emulator/index.js';
import { launchFirefox, sleep } from './firefox-fixture.mjs';
import { KEY } from './fixture.mjs';

let emu, firefox, popup;

before(
  async () => {
    emu = await startEmulator({ cors: true });
    firefox = await launchFirefox();
    popup = await firefox.openPage('pages/popup.html');
  },
  { timeout: 30_000 },
);

after(async () => {
  await firefox?.close();
  await emu?.close();
});

const inExtension = (fn, arg) => firefox.evaluate(popup, fn, arg);

async function waitForJobs(predicate, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const jobs = await inExtension(async () => (await browser.storage.local.get('jobs')).jobs ?? []);
    if (predicate(jobs)) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs never matched: ${JSON.stringify(jobs)}`);
    await sleep(200);
  }
}

describe('Firefox build in firefox-esr', () => {
  it('loads with its background page and its handler', async () => {
    assert.equal(firefox.extension, 'send-to-1fichier@onefichier');
    const background = await inExtension(async () => {
      const page = await browser.runtime.getBackgroundPage();
      return { handler: typeof page.handleMenuClick, id: browser.runtime.id };
    });
    assert.deepEqual(background, { handler: 'function', id: 'send-to-1fichier@onefichier' });
  });

  it('sends a right-clicked link to 1fichier and follows the job until it is done', async () => {
    await inExtension((settings) => browser.storage.local.set({ settings }), {
      version: 1,
      apiKey: KEY,
      apiBase: emu.apiBase,
    });
    emu.requests.length = 0;
    const link = `${emu.origin}/__emulator/source/file.bin?size=1000`;
    await inExtension(
      async (info) => {
        const page = await browser.runtime.getBackgroundPage();
        await page.handleMenuClick(info, undefined);
      },
      { menuItemId: 'send-link', linkUrl: link, pageUrl: 'https://example.org/' },
    );

    const sent = emu.requests.filter(
      (request) => request.server === 'api' && request.path.endsWith('/remote/request.cgi'),
    );
    assert.equal(sent.length, 1, JSON.stringify(emu.requests.map((request) => request.path)));
    assert.equal(sent[0].method, 'POST');
    assert.equal(sent[0].headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(sent[0].body, { urls: [link], folder_id: 0 });

    const [job] = await waitForJobs((jobs) => ['done', 'failed'].includes(jobs[0]?.status));
    assert.equal(job.status, 'done', JSON.stringify(job));
    assert.deepEqual(job.urls, [link]);
    assert.equal(job.results.length, 1);
    assert.equal(job.results[0].ok, true);
    const stored = emu.state.files.find((file) => file.url === job.results[0].link);
    assert.equal(stored?.filename, 'file.bin');
  });

  it('downloads a 1fichier file with the Premium: the page asks for the permission in the click, the file lands on disk', async () => {
    await inExtension((settings) => browser.storage.local.set({ settings }), {
      version: 1,
      apiKey: KEY,
      apiBase: emu.apiBase,
    });
    const file = emu.addFile({ filename: 'Firefox report.pdf', content: 'bytes from 1fichier' });
    const page = await firefox.openPage(`pages/download.html?url=${encodeURIComponent(file.url)}`);
    const granted = () => firefox.evaluate(page, () => browser.permissions.contains({ permissions: ['downloads'] }));
    assert.equal(await granted(), false, 'optional until asked');
    const shown = async (selector) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
        const text = await firefox.evaluate(page, (css) => document.querySelector(css)?.textContent ?? '', selector);
        if (text) return text;
      }
      throw new Error(`${selector} stayed empty`);
    };
    assert.equal(await shown('.download-name'), 'Firefox report.pdf');
    await firefox.click(page, '#download');
    const status = await (async () => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
        const text = await firefox.evaluate(
          page,
          () => document.querySelector('#download-status.ok, #download-status.error')?.textContent,
        );
        if (text) return text;
      }
      return 'no outcome';
    })();
    assert.equal(status, "1 download started: see the browser's downloads.");
    assert.equal(await granted(), true);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
      const names = await readdir(firefox.downloadDir).catch(() => []);
      if (names.includes('Firefox report.pdf') && !names.some((name) => name.endsWith('.part'))) break;
    }
    assert.equal(String(await readFile(join(firefox.downloadDir, 'Firefox report.pdf'))), 'bytes from 1fichier');
  });

  it('the link picker sends exactly the picked links', async () => {
    const src = (name) => `${emu.origin}/__emulator/source/${name}`;
    // What background/page-links.js stores after reading a page (the reading itself needs a
    // real click's activeTab, tested in Chromium).
    await inExtension(
      (links) =>
        browser.storage.session.set({ 'picker:test': { pageUrl: 'https://example.org/', title: 'Example', links } }),
      [
        { url: src('one.zip'), text: 'One', tag: 'a' },
        { url: src('two.zip'), text: 'Two', tag: 'a' },
        { url: src('song.mp3'), text: 'Song', tag: 'a' },
      ],
    );
    emu.requests.length = 0;
    const page = await firefox.openPage('pages/picker.html?id=test');
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
      if (await firefox.evaluate(page, () => document.querySelectorAll('li.picked-link').length === 3)) break;
    }
    await firefox.click(page, 'li.picked-link[data-url$="two.zip"] input');
    await firefox.click(page, '[data-group="audio"] .select-group');
    await firefox.click(page, '#send');
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
      if (await firefox.evaluate(page, () => document.querySelector('#send-status.ok') !== null)) break;
    }
    const sent = emu.requests.filter((request) => request.path.endsWith('/remote/request.cgi'));
    assert.deepEqual(
      sent.map((request) => request.body.urls),
      [[src('two.zip'), src('song.mp3')]],
    );
  });
});
