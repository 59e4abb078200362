// Takes the README's screenshots of the extension against the local 1fichier, with a few real
// jobs: options, popup, upload page, download page and link picker in Chromium, and the popup
// and options in Firefox ESR with the same jobs and settings. Run by hand after a UI change; the
// PNGs are committed. Usage: node scripts/build-extension.mjs && node scripts/screenshots.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchFirefox } from '../tests/extension/firefox-fixture.mjs';
import { KEY, launch, serveSite } from '../tests/extension/fixture.mjs';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'extension', 'screenshots');
mkdirSync(out, { recursive: true });

// The picker reads a page served on 127.0.0.1, which a real click allows through activeTab.
const browser = await launch({ remoteDelayMs: 100 }, { grant: { origins: ['http://127.0.0.1/*'] } });
try {
  const backups = browser.emu.addFolder({ name: 'Backups' });
  const music = browser.emu.addFolder({ name: 'Music' });
  browser.emu.addFolder({ name: '2026', parentId: backups.id });
  await browser.configure({
    defaultFolder: { id: backups.id, name: 'Backups' },
    favourites: [{ id: music.id, name: 'Music' }],
  });
  const source = (name, query = '') => `${browser.emu.origin}/__emulator/source/${name}?size=5000${query}`;
  await browser.clickMenu({
    menuItemId: 'send-link',
    linkUrl: source('ubuntu-26.04-desktop-amd64.iso'),
    pageUrl: 'https://example.org/',
  });
  await browser.clickMenu({
    menuItemId: `folder:${music.id}`,
    linkUrl: source('concert.flac'),
    pageUrl: 'https://example.org/',
  });
  await browser.clickMenu({
    menuItemId: 'send-link',
    linkUrl: source('expired-link.zip', '&status=404'),
    pageUrl: 'https://example.org/',
  });
  await browser.waitForJobs(
    (jobs) => jobs.length === 3 && jobs.every((job) => ['done', 'failed'].includes(job.status)),
    20_000,
  );

  const options = await browser.openPage('pages/options.html');
  await options.setViewportSize({ width: 900, height: 1100 });
  await options.click('#load-folders');
  await options.locator(`#folder-tree li[data-folder-id="${backups.id}"]`).waitFor();
  await options.click('#test-key');
  await options.locator('#key-status.ok').waitFor();
  await options.screenshot({ path: join(out, 'options.png'), fullPage: true });

  const upload = await browser.openPage('pages/upload.html');
  await upload.setViewportSize({ width: 900, height: 620 });
  await upload.setInputFiles('#file-input', [
    { name: 'holiday-photos.zip', mimeType: 'application/zip', buffer: Buffer.alloc(4 * 1024 * 1024, 1) },
    { name: 'invoice-2026-11.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(300 * 1024, 2) },
  ]);
  await upload.locator('#uploads li.upload a.upload-link').nth(1).waitFor({ timeout: 20_000 });
  await upload.screenshot({ path: join(out, 'upload.png') });

  const shared = browser.emu.addFolder({ name: 'Holiday 2026' });
  for (const [name, size] of [
    ['beach.mp4', 48_000_000],
    ['sunset.jpg', 3_400_000],
    ['itinerary.pdf', 210_000],
  ])
    browser.emu.addFile({ folderId: shared.id, filename: name, size });
  const share = await fetch(`${browser.emu.apiBase}/folder/share.cgi`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ folder_id: shared.id, share: 1 }),
  }).then((response) => response.json());
  const download = await browser.openPage(`pages/download.html?url=${encodeURIComponent(share.url)}`);
  await download.setViewportSize({ width: 900, height: 560 });
  await download.locator('#files li').nth(2).waitFor();
  await download.screenshot({ path: join(out, 'download.png') });

  const site = await serveSite(`<title>Open data mirrors</title>
    <a href="${source('census-2026.zip')}">Census 2026 (zip)</a> <a href="${source('census-2026.csv')}">CSV</a>
    <a href="${source('methodology.pdf')}">Methodology</a> <a href="${source('briefing.mp4')}">Video briefing</a>
    <a href="${source('podcast-episode-12.mp3')}">Podcast</a> <img src="${source('map.png')}" alt="Map">
    <a href="https://1fichier.com/?k2n7x0m3qv8c1b5z9d4f">Mirror on 1fichier</a> <a href="/about">About</a>`);
  try {
    const page = await browser.ctx.newPage();
    await page.goto(`${site.origin}/page`);
    const tab = await (await browser.worker()).evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0],
    );
    const opened = browser.ctx.waitForEvent('page', (candidate) => candidate.url().includes('pages/picker.html'));
    // A script cannot right-click: the menu's listener is called as the browser would, and
    // the page is readable because the screenshot profile may read 127.0.0.1 (see below).
    await browser.clickMenu({ menuItemId: 'pick-page-links', pageUrl: `${site.origin}/page` }, tab);
    const picker = await opened;
    await picker.setViewportSize({ width: 900, height: 1000 });
    await picker.locator('.picker-group').first().waitFor();
    await picker.locator('[data-group="archives"] .select-group').check();
    await picker.locator('li.picked-link', { hasText: '1fichier.com' }).locator('input').check();
    await picker.screenshot({ path: join(out, 'picker.png'), fullPage: true });
  } finally {
    site.close();
  }

  const popup = await browser.openPage('pages/popup.html');
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.locator('#jobs li.job').first().waitFor();
  await popup.screenshot({ path: join(out, 'popup.png') });

  // The same popup and options in Firefox ESR, with the Chromium profile's jobs and settings.
  const { jobs, settings } = await (await browser.worker()).evaluate(() =>
    chrome.storage.local.get(['jobs', 'settings']),
  );
  const firefox = await launchFirefox();
  try {
    const capture = async (context, name, width, height) => {
      await firefox.bidi.send('browsingContext.setViewport', { context, viewport: { width, height } });
      const { data } = await firefox.bidi.send('browsingContext.captureScreenshot', { context, origin: 'viewport' });
      writeFileSync(join(out, name), Buffer.from(data, 'base64'));
    };
    const setup = await firefox.openPage('pages/popup.html');
    await firefox.evaluate(setup, (stored) => browser.storage.local.set(stored), { jobs, settings });
    const firefoxPopup = await firefox.openPage('pages/popup.html');
    await firefox.evaluate(firefoxPopup, () => new Promise((done) => setTimeout(done, 500)));
    await capture(firefoxPopup, 'popup-firefox.png', 400, 600);
    const firefoxOptions = await firefox.openPage('pages/options.html');
    await firefox.evaluate(firefoxOptions, async () => {
      const apiBase = document.querySelector('#api-base');
      for (let i = 0; i < 50 && !apiBase.value; i++) await new Promise((done) => setTimeout(done, 100));
      document.querySelector('#load-folders').click();
      for (let i = 0; i < 50 && !document.querySelector('#folder-tree li'); i++)
        await new Promise((done) => setTimeout(done, 100));
      document.querySelector('#test-key').click();
      for (let i = 0; i < 50 && !document.querySelector('#key-status.ok'); i++)
        await new Promise((done) => setTimeout(done, 100));
    });
    await capture(firefoxOptions, 'options-firefox.png', 900, 1100);
  } finally {
    await firefox.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
}
