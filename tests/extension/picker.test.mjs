// "Send the links of this page…" in a real Chromium against the local 1fichier: the page's
// links and media are read, grouped, filtered and picked, and exactly the picked ones are sent
// (1fichier's own file links copied, the rest fetched). Needs extension/dist/chrome.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { english, launch, sentence, serveSite, sleep } from './fixture.mjs';

let browser, site, file;

before(async () => {
  // A real click grants activeTab on the page; a test's click cannot, so the test build holds
  // the test site's origin instead (see withGranted in fixture.mjs).
  browser = await launch({}, { grant: { origins: ['http://127.0.0.1/*'] } });
  await browser.configure();
  file = browser.emu.addFile({ filename: 'shared.iso', size: 100 });
  const src = (name) => `${browser.emu.origin}/__emulator/source/${name}`;
  site = await serveSite(`<!doctype html><title>Mirror list</title>
    <h1>Downloads</h1>
    <a href="${src('game.part1.rar')}">Part 1</a> <a href="${src('game.part2.rar')}">Part 2</a>
    <a href="${src('game.part1.rar')}#again">Part 1 again</a>
    <a href="${src('trailer.mp4')}">Trailer</a> <a href="${src('theme.mp3')}">Main theme track</a>
    <a href="${src('manual.pdf')}">Manual</a> <a href="/about">About us</a>
    <a href="mailto:someone@example.org">Mail</a> <a href="javascript:void 0">Nothing</a>
    <a href="${file.url}">Mirror on 1fichier</a>
    <img src="${src('cover.jpg')}" alt="Cover"> <video><source src="${src('clip')}"></video>`);
});
after(async () => {
  await browser?.close();
  site?.close();
});

async function openPicker() {
  const page = await browser.ctx.newPage();
  await page.goto(`${site.origin}/page`);
  const sw = await browser.worker();
  const tab = await sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]);
  await browser.clickMenu({ menuItemId: 'pick-page-links', pageUrl: `${site.origin}/page` }, tab);
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(50)) {
    const picker = browser.ctx.pages().find((candidate) => candidate.url().includes('pages/picker.html'));
    if (picker) {
      await picker.locator('.picker-group').first().waitFor();
      return { picker, page };
    }
  }
  throw new Error('the picker did not open');
}

const groupLinks = (picker) =>
  picker.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('.picker-group')].map((group) => [
        group.dataset.group,
        [...group.querySelectorAll('li.picked-link')].map((row) => row.dataset.url.split('/').pop()),
      ]),
    ),
  );

describe('link picker', () => {
  it('groups every link and media address of the page, each once, 1fichier files marked as copies', async () => {
    const { picker, page } = await openPicker();
    assert.deepEqual(await groupLinks(picker), {
      archives: ['game.part1.rar', 'game.part2.rar'],
      video: ['trailer.mp4', 'clip'],
      audio: ['theme.mp3'],
      images: ['cover.jpg'],
      documents: ['manual.pdf'],
      other: ['about', file.url.split('/').pop()],
    });
    const badge = picker.locator('li.picked-link', { hasText: file.url }).locator('.badge');
    assert.equal(await badge.textContent(), english('pickerAction_copy'));
    assert.equal(await picker.locator('#load-status').textContent(), english('pickerFound_other', 9));
    assert.equal(await picker.locator('#send').isDisabled(), true, 'nothing is picked at first');
    await picker.close();
    await page.close();
  });

  it('sends exactly the picked links: a filtered select-all, a single one, and a 1fichier copy', async () => {
    const { picker, page } = await openPicker();
    browser.emu.requests.length = 0;
    await picker.fill('#filter', 'part2');
    await picker.locator('[data-group="archives"] .select-group').check();
    await picker.fill('#filter', '');
    assert.equal(
      await picker.locator('[data-group="archives"] .select-group').evaluate((box) => box.indeterminate),
      true,
    );
    await picker.locator('li.picked-link', { hasText: 'Main theme track' }).locator('input').check();
    await picker.locator('li.picked-link', { hasText: file.url }).locator('input').check();
    assert.equal(await picker.locator('#send').textContent(), english('pickerSend_other', 3));
    await picker.click('#send');
    await picker.locator('#send-status.ok').waitFor();
    const fetched = browser.apiRequests('/remote/request.cgi').map((request) => request.body.urls);
    assert.deepEqual(fetched, [
      [`${browser.emu.origin}/__emulator/source/game.part2.rar`, `${browser.emu.origin}/__emulator/source/theme.mp3`],
    ]);
    assert.deepEqual(
      browser.apiRequests('/file/cp.cgi').map((request) => request.body.urls),
      [[file.url]],
    );
    assert.equal(await picker.locator('#send').isDisabled(), true, 'what went out is unticked');
    await picker.close();
    await page.close();
  });

  it('says when the browser will not let it read a page', async () => {
    const tab = await (await browser.worker()).evaluate(async () => chrome.tabs.create({ url: 'chrome://version/' }));
    await browser.recordNotifications();
    await browser.clickMenu({ menuItemId: 'pick-page-links', pageUrl: 'chrome://version/' }, tab);
    await browser.waitForNotification((n) => n.message.startsWith(sentence('page_unreadable')));
  });
});
