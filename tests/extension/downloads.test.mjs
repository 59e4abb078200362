// "Download with my 1fichier Premium" in a real Chromium against the local 1fichier: files and
// public folders reach the profile's download folder with the right bytes and names, protected
// ones ask for their password, and every refusal reads as a sentence. Needs
// extension/dist/chrome (node scripts/build-extension.mjs).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { english, KEY, launch, sentence, sleep } from './fixture.mjs';

const FREE_KEY = 'FREE0123456789abcdefFREE01234567';
const ACCOUNTS = [
  { key: KEY, email: 'demo@example.com', offer: 1 },
  { key: 'SHAR0123456789abcdefSHAR01234567', email: 'sharer@example.com', offer: 1 },
  { key: FREE_KEY, email: 'free@example.com', offer: 0 },
];
const SHARER = ACCOUNTS[1].key;

/** Waits until `name` is complete in the download folder (no .crdownload left) and returns its bytes. */
async function downloaded(dir, name, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = await readdir(dir).catch(() => []);
    if (names.includes(name) && !names.some((entry) => entry.endsWith('.crdownload'))) return readFile(join(dir, name));
    if (Date.now() > deadline) throw new Error(`${name} never arrived; the folder holds ${JSON.stringify(names)}`);
    await sleep(100);
  }
}

/** The extension page a menu click opened. */
async function openedPage(browser, path) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const page = browser.ctx.pages().find((candidate) => candidate.url().includes(path));
    if (page) {
      await page.waitForLoadState();
      return page;
    }
    if (Date.now() > deadline) throw new Error(`no ${path} page opened`);
    await sleep(50);
  }
}

describe('with the download permission', () => {
  let browser;
  before(async () => {
    browser = await launch({ accounts: ACCOUNTS }, { grant: { permissions: ['downloads'] } });
  });
  after(() => browser?.close());
  beforeEach(async () => {
    await browser.configure();
    await (await browser.worker()).evaluate(() => chrome.storage.local.remove('jobs'));
    await browser.recordNotifications();
    browser.emu.clearFaults();
    browser.emu.requests.length = 0;
  });

  it('downloads a right-clicked file link at once, named as on 1fichier, without sending the key to the file host', async () => {
    const file = browser.emu.addFile({ key: SHARER, filename: 'Holiday video (final).mkv', size: 300_000 });
    const [job] = await browser.clickMenu({
      menuItemId: 'download-link',
      linkUrl: file.url,
      pageUrl: 'https://forum.example/',
    });
    assert.equal(job.kind, 'download');
    assert.equal(job.status, 'done');
    assert.deepEqual(job.results, [
      { url: file.url, ok: true, link: null, name: 'Holiday video (final).mkv', message: '' },
    ]);
    const bytes = await downloaded(browser.downloadDir, 'Holiday video (final).mkv');
    const direct = browser.emu.requests.find((request) => request.path.startsWith('/dl/'));
    assert.equal(bytes.length, 300_000);
    assert.ok(bytes.equals(await (await fetch(`${browser.emu.origin}${direct.path}`)).bytes()), 'the same bytes');
    assert.equal(direct.headers.authorization, undefined, 'the direct link is fetched without the key');
    assert.deepEqual(
      browser.apiRequests('/download/get_token.cgi').map((request) => request.body.url),
      [file.url],
    );
    await browser.waitForNotification(
      (n) => n.title === 'Downloading 1 file' && n.message === 'Holiday video (final).mkv',
    );
  });

  it('asks for the password of a protected file in the download page', async () => {
    const file = browser.emu.addFile({
      key: SHARER,
      filename: 'private.pdf',
      content: 'secret bytes',
      pass: 'open-sesame',
    });
    const before = browser.ctx.pages().length;
    assert.deepEqual(await browser.clickMenu({ menuItemId: 'download-link', linkUrl: file.url }), []);
    const page = await openedPage(browser, 'pages/download.html');
    assert.ok(browser.ctx.pages().length > before);
    assert.deepEqual(await browser.jobs(), [], 'the refused attempt leaves no job behind');
    await page.locator('#password').waitFor();
    assert.equal(await page.locator('#load-status').textContent(), sentence('password_needed'));
    await page.fill('#password', 'wrong-one');
    await page.click('#password-form button[type="submit"]');
    await page.locator('#load-status.error').waitFor();
    await page.fill('#password', 'open-sesame');
    await page.click('#password-form button[type="submit"]');
    await page.locator('.download-name', { hasText: 'private.pdf' }).waitFor();
    await page.click('#download');
    await page.locator('#download-status.ok').waitFor();
    assert.equal(await page.locator('#download-status').textContent(), english('downloadStarted_one', 1));
    assert.equal(String(await downloaded(browser.downloadDir, 'private.pdf')), 'secret bytes');
    const [job] = await browser.jobs();
    assert.equal(JSON.stringify(job).includes('open-sesame'), false, 'the password is not stored');
    await page.close();
  });

  it('lists a protected public folder and downloads the chosen files', async () => {
    const folder = browser.emu.addFolder({ key: SHARER, name: 'Album' });
    browser.emu.addFile({ key: SHARER, folderId: folder.id, filename: 'one.flac', content: 'first track' });
    browser.emu.addFile({ key: SHARER, folderId: folder.id, filename: 'two.flac', content: 'second track' });
    browser.emu.addFile({ key: SHARER, folderId: folder.id, filename: 'cover.jpg', content: 'not wanted' });
    const share = await fetch(`${browser.emu.apiBase}/folder/share.cgi`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SHARER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ folder_id: folder.id, share: 1, pass: 'folder-pw' }),
    }).then((response) => response.json());
    await browser.clickMenu({ menuItemId: 'download-folder', linkUrl: share.url });
    const page = await openedPage(browser, 'pages/download.html');
    await page.locator('#password').waitFor();
    await page.fill('#password', 'folder-pw');
    await page.press('#password', 'Enter');
    await page.locator('#files li').nth(2).waitFor();
    assert.equal(await page.locator('#files-heading').textContent(), english('downloadFolderFiles_other', 3));
    await page.locator('#files li', { hasText: 'cover.jpg' }).locator('input').uncheck();
    await page.click('#download');
    await page.locator('#download-status.ok').waitFor();
    assert.equal(await page.locator('#download-status').textContent(), english('downloadStarted_other', 2));
    assert.equal(String(await downloaded(browser.downloadDir, 'one.flac')), 'first track');
    assert.equal(String(await downloaded(browser.downloadDir, 'two.flac')), 'second track');
    assert.equal((await readdir(browser.downloadDir)).includes('cover.jpg'), false);
    await page.close();
  });

  it('downloads 1fichier links pasted in the popup', async () => {
    const file = browser.emu.addFile({ key: SHARER, filename: 'notes.txt', content: 'pasted' });
    const page = await browser.openPage('pages/popup.html');
    await page.fill('#urls', `Here: ${file.url} and https://example.org/other.zip`);
    await page.locator('#download-pasted:not([hidden])').waitFor();
    assert.equal(await page.locator('#download-pasted').textContent(), `${english('popupDownload')} (1)`);
    await page.click('#download-pasted');
    await page.locator('#send-status.ok').waitFor();
    assert.equal(String(await downloaded(browser.downloadDir, 'notes.txt')), 'pasted');
    assert.equal(browser.apiRequests('/remote/request.cgi').length, 0, 'nothing was sent for fetching');
    await page.close();
  });

  it('says what each refusal means: no Premium, one location at a time, a file that is gone', async () => {
    const file = browser.emu.addFile({ key: SHARER, filename: 'x.bin', content: 'x' });
    await browser.configure({ apiKey: FREE_KEY });
    const [free] = await browser.clickMenu({ menuItemId: 'download-link', linkUrl: file.url });
    assert.equal(free.status, 'failed');
    assert.equal(free.error.code, 'premium_required');
    assert.ok(free.error.message.startsWith(sentence('premium_required')), free.error.message);

    await browser.configure();
    browser.emu.inject({
      path: 'download/get_token.cgi',
      type: 'ko',
      status: 403,
      message: 'Only 1 location allowed at a time #887',
    });
    const [located] = await browser.clickMenu({ menuItemId: 'download-link', linkUrl: file.url });
    assert.equal(located.results[0].code, 'forbidden');
    assert.equal(
      located.results[0].message,
      `${english('errorDetail_location')} (Only 1 location allowed at a time #887)`,
    );

    const gone = 'https://1fichier.com/?nothinghere00';
    const [missing] = await browser.clickMenu({ menuItemId: 'download-link', linkUrl: gone });
    assert.equal(missing.results[0].message, `${sentence('not_found')} (Resource not found #469)`);
    assert.deepEqual(
      (await browser.jobs()).map((job) => job.status),
      ['failed', 'failed', 'failed'],
    );
  });
});

describe('without the download permission yet', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => browser?.close());

  it('opens the download page, which asks for the permission and says so when it is refused', async () => {
    await browser.configure();
    const file = browser.emu.addFile({ filename: 'report.pdf', size: 1234 });
    assert.deepEqual(await browser.clickMenu({ menuItemId: 'download-link', linkUrl: file.url }), []);
    const page = await openedPage(browser, 'pages/download.html');
    await page.locator('.download-name', { hasText: 'report.pdf' }).waitFor();
    // Chromium's permission prompt is native: the user's "no" is its answer here.
    await page.evaluate(() => {
      chrome.permissions.request = async () => false;
    });
    await page.click('#download');
    await page.locator('#download-status.error').waitFor();
    assert.equal(await page.locator('#download-status').textContent(), sentence('downloads_refused'));
    assert.equal(browser.apiRequests('/download/get_token.cgi').length, 0);
  });
});
