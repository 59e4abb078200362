// The extension's pages as a user drives them in Chromium, against the local 1fichier:
// options (test key, save, folders, toggles), popup (paste URLs, job list, retry) and the
// upload page (progress, links, cancel). Needs extension/dist/chrome.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { english, KEY, launch, sentence, sleep } from './fixture.mjs';

let browser, backups, music;

before(async () => {
  browser = await launch();
  backups = browser.emu.addFolder({ name: 'Backups' });
  music = browser.emu.addFolder({ name: 'Music' });
});
after(() => browser?.close());
beforeEach(async () => {
  const sw = await browser.worker();
  await sw.evaluate(() => chrome.storage.local.clear());
  browser.emu.clearFaults();
  browser.emu.requests.length = 0;
});

const storedSettings = async () =>
  (await browser.worker()).evaluate(async () => (await chrome.storage.local.get('settings')).settings);
const source = (name) => `${browser.emu.origin}/__emulator/source/${name}?size=3000`;

describe('options page', () => {
  it('tests a key: connected, bad key, flood lock', async () => {
    const page = await browser.openPage('pages/options.html');
    await page.locator('#advanced summary').click();
    await page.fill('#api-base', browser.emu.apiBase);
    await page.fill('#api-key', KEY);
    assert.equal(await page.getAttribute('#api-key', 'type'), 'password');
    await page.click('#test-key');
    await page.locator('#key-status.ok').waitFor();
    assert.equal(await page.textContent('#key-status'), 'Connected as demo@example.com (Premium)');

    await page.fill('#api-key', 'WRONGKEYWRONGKEYWRONGKEYWRONGKEY');
    await page.click('#test-key');
    await page.locator('#key-status.error').waitFor();
    assert.equal((await page.textContent('#key-status')).trim(), sentence('auth'));

    browser.emu.inject({ path: 'user/info.cgi', type: 'flood' });
    await page.fill('#api-key', KEY);
    await page.click('#test-key');
    await page.waitForFunction(
      (text) => document.querySelector('#key-status').textContent.trim() === text,
      sentence('flood'),
    );
    await page.close();
  });

  it('saves the key without showing it again, and the API base', async () => {
    const page = await browser.openPage('pages/options.html');
    await page.locator('#advanced summary').click();
    await page.fill('#api-base', browser.emu.apiBase);
    await page.fill('#api-key', KEY);
    await page.click('#save');
    await page.locator('#save-status').filter({ hasText: /\S/ }).waitFor();
    const settings = await storedSettings();
    assert.equal(settings.apiKey, KEY);
    assert.equal(settings.apiBase, browser.emu.apiBase);
    assert.equal(await page.inputValue('#api-key'), '');
    assert.match(await page.getAttribute('#api-key', 'placeholder'), /••••4567/);
    assert.equal((await page.content()).includes(KEY), false, 'the saved key is nowhere in the page');
    await page.reload();
    assert.equal(await page.inputValue('#api-key'), '');
    assert.equal((await page.content()).includes(KEY), false);
    await page.close();
  });

  it('chooses the default folder and favourites from the folder tree; toggles save at once', async () => {
    await browser.configure();
    const page = await browser.openPage('pages/options.html');
    await page.click('#load-folders');
    const row = (id) => page.locator(`#folder-tree li[data-folder-id="${id}"]`);
    await row(backups.id).waitFor();
    await row(backups.id).locator('.use-default').first().click();
    await page.locator('#default-folder', { hasText: 'Backups' }).waitFor();
    await row(music.id).locator('.toggle-favourite').first().click();
    await page.locator(`#favourites li[data-folder-id="${music.id}"]`).waitFor();
    await page.uncheck('#show-page-item');
    await page.waitForFunction(
      async () => (await chrome.storage.local.get('settings')).settings.showPageItem === false,
    );
    const settings = await storedSettings();
    assert.deepEqual(settings.defaultFolder, { id: backups.id, name: 'Backups' });
    assert.deepEqual(settings.favourites, [{ id: music.id, name: 'Music' }]);
    assert.ok(browser.apiRequests('/folder/ls.cgi').length >= 1);

    await page.locator(`#favourites li[data-folder-id="${music.id}"] .remove-favourite`).click();
    await page.waitForFunction(
      async () => (await chrome.storage.local.get('settings')).settings.favourites.length === 0,
    );
    await page.close();
  });
});

describe('popup', () => {
  it('sends pasted URLs to the chosen folder and shows the finished links', async () => {
    await browser.configure({
      defaultFolder: { id: backups.id, name: 'Backups' },
      favourites: [{ id: music.id, name: 'Music' }],
    });
    const page = await browser.openPage('pages/popup.html');
    await page.fill('#urls', `${source('one.bin')}\n\n  ${source('two.bin')}  \n`);
    await page.selectOption('#folder', String(music.id));
    await page.click('#send-urls');
    await page.locator('#jobs li.job.status-done').waitFor({ timeout: 15_000 });
    const [request] = browser.apiRequests('/remote/request.cgi');
    assert.deepEqual(request.body, { urls: [source('one.bin'), source('two.bin')], folder_id: music.id });
    assert.equal(await page.inputValue('#urls'), '');
    const links = await page
      .locator('#jobs li.job.status-done a.result-link')
      .evaluateAll((anchors) => anchors.map((a) => a.href));
    assert.equal(links.length, 2);
    for (const link of links)
      assert.ok(
        browser.emu.state.files.some((file) => file.url === link && file.folderId === music.id),
        link,
      );
    await page.close();
  });

  it('finds the links in any pasted text, counts them before sending, and keeps what cannot be sent', async () => {
    await browser.configure();
    const page = await browser.openPage('pages/popup.html');
    const text = `Here: ${source('a.bin')}, ${source('b.bin')} and also\nftp://example.org/file (${source('c.bin')})`;
    await page.fill('#urls', text);
    await page.locator('#paste-summary', { hasText: english('popupLinksFound_other', 3) }).waitFor();
    await page.click('#send-urls');
    await page.locator('#send-status', { hasText: english('popupSent_other', 3) }).waitFor();
    const [request] = browser.apiRequests('/remote/request.cgi');
    assert.deepEqual(request.body.urls, [source('a.bin'), source('b.bin'), source('c.bin')]);
    const rejected = await page.locator('#rejected li').allTextContents();
    assert.deepEqual(rejected, [`ftp://example.org/file — ${english('popupRejectedScheme')}`]);
    assert.equal(await page.inputValue('#urls'), 'ftp://example.org/file', 'what could not be sent stays');
    // Nothing sendable: nothing is sent, and the text stays as typed.
    await page.fill('#urls', 'no address here');
    await page.click('#send-urls');
    await page.locator('#send-status', { hasText: english('popupNoLinksFound') }).waitFor();
    assert.equal(browser.apiRequests('/remote/request.cgi').length, 1);
    assert.equal(await page.inputValue('#urls'), 'no address here');
    await page.close();
  });

  it('retries a job 1fichier refused', async () => {
    await browser.configure();
    browser.emu.inject({ path: 'remote/request.cgi', type: 'flood' });
    const page = await browser.openPage('pages/popup.html');
    await page.fill('#urls', source('again.bin'));
    await page.click('#send-urls');
    const failed = page.locator('#jobs li.job.status-failed');
    await failed.waitFor();
    assert.match(await failed.locator('.job-error').textContent(), new RegExp(sentence('flood').slice(0, 30)));
    assert.equal(await failed.locator('.job-warning').count(), 0, 'a refusal: nothing reached 1fichier');
    assert.equal(await page.inputValue('#urls'), source('again.bin'), 'the text keeps what was not sent');
    await sleep(400); // the flood lock ends
    await failed.locator('.retry').click();
    await page.locator('#jobs li.job.status-done').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#jobs li.job').count(), 1, 'the retried job replaces the failed one');
    await page.close();
  });

  it('sends again what 1fichier may have received only after a warning', async () => {
    await browser.configure();
    // A 503 after the request went out: 1fichier may have received it (details.uncertain).
    browser.emu.inject({ path: 'remote/request.cgi', type: '5xx', status: 503 });
    const page = await browser.openPage('pages/popup.html');
    await page.fill('#urls', source('maybe.bin'));
    await page.click('#send-urls');
    const failed = page.locator('#jobs li.job.status-failed');
    await failed.waitFor();
    assert.match(await failed.locator('.job-error').textContent(), new RegExp(sentence('server').slice(0, 30)));
    assert.equal(await page.inputValue('#urls'), '', 'not kept for a second send either');
    assert.equal(await failed.locator('.retry').count(), 0, 'no plain Retry');
    const warning = failed.locator('.job-warning');
    assert.equal((await warning.locator('p').textContent()).trim(), english('jobUncertain_one'));
    assert.equal(browser.apiRequests('/remote/request.cgi').length, 1);
    await warning.locator('button.retry-uncertain', { hasText: english('buttonRetryUncertain') }).click();
    await page.locator('#jobs li.job.status-done').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#jobs li.job').count(), 1, 'the job sent again replaces the failed one');
    assert.equal(browser.apiRequests('/remote/request.cgi').length, 2);
    await page.close();
  });

  it('asks for a key when none is saved', async () => {
    const page = await browser.openPage('pages/popup.html');
    await page.locator('#missing-key').waitFor();
    assert.match(await page.textContent('#missing-key'), new RegExp(sentence('missing_key').slice(0, 20)));
    await page.close();
  });
});

describe('upload page', () => {
  it('uploads local files with progress and shows their links', async () => {
    await browser.configure({ defaultFolder: { id: backups.id, name: 'Backups' } });
    const page = await browser.openPage('pages/upload.html');
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await page.setInputFiles('#file-input', [
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: big },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello 1fichier') },
    ]);
    for (const name of ['report.pdf', 'notes.txt']) {
      await page.locator(`#uploads li.upload[data-name="${name}"] a.upload-link`).waitFor({ timeout: 20_000 });
    }
    assert.equal(
      await page.locator('li.upload[data-name="report.pdf"] progress.upload-progress').evaluate((p) => p.value),
      100,
    );
    const stored = browser.emu.state.files.find((file) => file.filename === 'report.pdf');
    assert.equal(stored.size, big.length);
    assert.equal(stored.folderId, backups.id);
    const [upload] = browser.emu.requests.filter(
      (request) => request.server === 'upload' && request.path.endsWith('upload.cgi'),
    );
    assert.equal(upload.headers.authorization, `Bearer ${KEY}`);
    // Each file joins the job list as soon as it is uploaded (closing the tab loses nothing).
    const jobs = await browser.waitForJobs((all) => all.filter((job) => job.kind === 'upload').length === 2);
    const recorded = jobs.filter((job) => job.kind === 'upload').flatMap((job) => job.results);
    assert.deepEqual(recorded.map((result) => result.url).sort(), ['notes.txt', 'report.pdf']);
    assert.ok(recorded.every((result) => result.ok && result.link.startsWith('https://1fichier.com/?')));
    await page.close();
  });

  it('cancels an upload', async () => {
    await browser.configure();
    browser.emu.inject({ path: 'upload.cgi', type: 'delay', delayMs: 5000 });
    const page = await browser.openPage('pages/upload.html');
    await page.setInputFiles('#file-input', [
      { name: 'slow.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1000) },
    ]);
    const row = page.locator('#uploads li.upload[data-name="slow.bin"]');
    await row.locator('.cancel').click();
    await row.locator('.upload-error', { hasText: sentence('aborted') }).waitFor();
    assert.equal(
      browser.emu.state.files.some((file) => file.filename === 'slow.bin'),
      false,
    );
    await page.close();
  });
});
