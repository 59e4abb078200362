// Takes the README's screenshots of the extension (options, popup, upload page) in Chromium
// against the local 1fichier, with a few real jobs. Run by hand after a UI change; the PNGs are
// committed. Usage: node scripts/build-extension.mjs && node scripts/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/extension/fixture.mjs';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'extension', 'screenshots');
mkdirSync(out, { recursive: true });

const browser = await launch({ remoteDelayMs: 100 });
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

  const popup = await browser.openPage('pages/popup.html');
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.locator('#jobs li.job').first().waitFor();
  await popup.screenshot({ path: join(out, 'popup.png') });

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
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
}
