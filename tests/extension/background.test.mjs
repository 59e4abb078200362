// The extension's background in a real Chromium against the local 1fichier: every context-menu
// entry, copy of 1fichier links, job completion, a worker stopped mid-job, and what each
// failure tells the user. Needs extension/dist/chrome (node scripts/build-extension.mjs).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { english, KEY, launch, sentence, serveSite, sleep } from './fixture.mjs';

let browser, backups, music;

before(async () => {
  browser = await launch();
  backups = browser.emu.addFolder({ name: 'Backups' });
  music = browser.emu.addFolder({ name: 'Music' });
});
after(() => browser?.close());
beforeEach(async () => {
  await browser.configure({
    defaultFolder: { id: backups.id, name: 'Backups' },
    favourites: [{ id: music.id, name: 'Music' }],
  });
  await (await browser.worker()).evaluate(() => chrome.storage.local.remove('jobs'));
  await browser.recordNotifications();
  browser.emu.clearFaults();
  browser.emu.requests.length = 0;
});

const source = (name) => `${browser.emu.origin}/__emulator/source/${name}?size=2000`;
const remoteRequests = () => browser.apiRequests('/remote/request.cgi').map((request) => request.body);
/** Whether 1fichier holds a remote job for `url` (a request may take effect after its sender is gone). */
const atFichier = (url) => browser.emu.state.remoteJobs.some((job) => JSON.stringify(job).includes(url));

/** Sources 1fichier keeps fetching: a server that never answers. */
async function neverAnswering() {
  const server = createServer(() => {}).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: (name) => `http://127.0.0.1:${server.address().port}/${name}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Asks the local 1fichier for a remote job straight away (as a sent job would have); its id. */
async function requestRemoteJob(url) {
  const answer = await fetch(`${browser.emu.apiBase}/remote/request.cgi`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ urls: [url], folder_id: backups.id }),
  });
  return (await answer.json()).id;
}

describe('context menu', () => {
  it('sends a link, a media source and a page to the default folder', async () => {
    await browser.clickMenu({ menuItemId: 'send-link', linkUrl: source('link.bin'), pageUrl: 'https://example.org/' });
    await browser.clickMenu({
      menuItemId: 'send-media',
      srcUrl: source('photo.jpg'),
      mediaType: 'image',
      pageUrl: 'https://example.org/',
    });
    await browser.clickMenu({ menuItemId: 'send-page', pageUrl: source('page.html') });
    assert.deepEqual(remoteRequests(), [
      { urls: [source('link.bin')], folder_id: backups.id },
      { urls: [source('photo.jpg')], folder_id: backups.id },
      { urls: [source('page.html')], folder_id: backups.id },
    ]);
  });

  it('sends what was right-clicked to a favourite folder', async () => {
    await browser.clickMenu({
      menuItemId: `folder:${music.id}`,
      linkUrl: source('song.mp3'),
      pageUrl: 'https://example.org/',
    });
    await browser.clickMenu({ menuItemId: `folder:${music.id}`, pageUrl: source('album.html') });
    assert.deepEqual(remoteRequests(), [
      { urls: [source('song.mp3')], folder_id: music.id },
      { urls: [source('album.html')], folder_id: music.id },
    ]);
  });

  it('sends every link of a selection in one request and says how many', async () => {
    const text = `Mirrors: ${source('a.zip')} and ${source('b.zip')}, again ${source('a.zip')}.`;
    await browser.clickMenu({ menuItemId: 'send-selection', selectionText: text, pageUrl: 'https://example.org/' });
    assert.deepEqual(remoteRequests(), [{ urls: [source('a.zip'), source('b.zip')], folder_id: backups.id }]);
    await browser.waitForNotification(
      (n) => n.title === 'Sending 2 links to 1fichier…' && n.message === 'Destination: Backups',
    );
  });

  it('reads the hrefs of the selected anchors in the page', async () => {
    const site = await serveSite(`<p id="picked">Get <a href="${source('one.iso')}">the first</a> or
      <a href="${source('two.iso')}">the second</a>.</p><p><a href="${source('outside.iso')}">not selected</a></p>`);
    const page = await browser.ctx.newPage();
    await page.goto(`${site.origin}/page`);
    await page.evaluate(() => getSelection().selectAllChildren(document.getElementById('picked')));
    const selectionText = await page.evaluate(() => getSelection().toString());
    const sw = await browser.worker();
    const tab = await sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]);
    // A real menu click grants activeTab, so executeScript reads the anchors. A test's click has
    // no user gesture and gets no page access: the reader is checked in the page as
    // executeScript would run it, and the click shows the fallback (the text alone).
    const hrefs = await page.evaluate(await readerSource());
    assert.deepEqual(hrefs, [source('one.iso'), source('two.iso')]);
    await browser.clickMenu(
      { menuItemId: 'send-selection', selectionText, frameId: 0, pageUrl: `${site.origin}/page` },
      tab,
    );
    assert.deepEqual(remoteRequests(), [], 'no URL in the text itself and no page access: nothing is sent');
    await browser.waitForNotification((n) => n.message.startsWith(sentence('no_links')));
    await page.close();
    site.close();
  });

  it('copies a 1fichier file link into the account instead of fetching it', async () => {
    const file = browser.emu.addFile({ filename: 'shared.pdf', size: 5000 });
    await browser.clickMenu({ menuItemId: 'copy-link', linkUrl: file.url, pageUrl: 'https://example.org/' });
    assert.deepEqual(remoteRequests(), []);
    const [copy] = browser.apiRequests('/file/cp.cgi').map((request) => request.body);
    assert.deepEqual(copy.urls, [file.url]);
    assert.equal(copy.folder_id, backups.id);
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'done');
    assert.equal(job.kind, 'copy');
    assert.match(job.results[0].link, /^https:\/\/1fichier\.com\/\?/);
    assert.notEqual(job.results[0].link, file.url);
    await browser.waitForNotification(
      (n) => n.title === 'File copied to your account' && n.message === job.results[0].link,
    );
  });

  it('copies only 1fichier file links: a folder link is refused, never fetched as a "copy"', async () => {
    const folder = 'https://1fichier.com/dir/AbCdEf12';
    await browser.clickMenu({ menuItemId: 'copy-link', linkUrl: folder, pageUrl: 'https://example.org/' });
    await browser.waitForNotification((n) => n.message === `${sentence('not_a_file')} (${folder})`);
    assert.deepEqual(remoteRequests(), []);
    assert.deepEqual(browser.apiRequests('/file/cp.cgi'), []);
    assert.deepEqual(await browser.jobs(), []);
  });

  it('copies a 1fichier link written with an affiliate tag and without https', async () => {
    const file = browser.emu.addFile({ filename: 'tagged.pdf', size: 100 });
    const tagged = `${file.url.replace('https:', 'http:')}&af=123456`;
    await browser.clickMenu({ menuItemId: 'copy-link', linkUrl: tagged, pageUrl: 'https://example.org/' });
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'done');
    assert.deepEqual(job.urls, [tagged]);
    assert.equal(job.results[0].ok, true);
  });

  it('copies 1fichier links reached through the plain "send link" entry too', async () => {
    const file = browser.emu.addFile({ filename: 'notes.txt', size: 10 });
    await browser.clickMenu({ menuItemId: 'send-link', linkUrl: file.url, pageUrl: 'https://example.org/' });
    assert.equal(browser.apiRequests('/file/cp.cgi').length, 1);
    assert.deepEqual(remoteRequests(), []);
  });
});

describe('keyboard shortcut', () => {
  it('sends the current tab', async () => {
    const tab = { id: 1, url: source('article.html'), active: true };
    await (await browser.worker()).evaluate((t) => self.handleCommand('send-current-tab', t), tab);
    assert.deepEqual(remoteRequests(), [{ urls: [source('article.html')], folder_id: backups.id }]);
  });

  it("says why on the browser's own pages", async () => {
    await (await browser.worker()).evaluate(() =>
      self.handleCommand('send-current-tab', { id: 1, url: 'chrome://newtab/' }),
    );
    await browser.waitForNotification((n) => n.message === `${sentence('invalid_input')} (chrome://newtab/)`);
    assert.equal(browser.emu.requests.length, 0);
  });
});

describe('jobs', () => {
  it('follows a remote upload to its end: badge, notification with the link, stored result', async () => {
    await browser.clickMenu({ menuItemId: 'send-link', linkUrl: source('movie.mkv'), pageUrl: 'https://example.org/' });
    const sw = await browser.worker();
    assert.equal(await sw.evaluate(() => chrome.action.getBadgeText({})), '1');
    await browser.waitForNotification((n) => n.title === 'Sending 1 link to 1fichier…');
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'done');
    assert.equal(job.results.length, 1);
    assert.equal(job.results[0].ok, true);
    const stored = browser.emu.state.files.find((file) => file.url === job.results[0].link);
    assert.equal(stored.filename, 'movie.mkv');
    assert.equal(stored.folderId, backups.id);
    const done = await browser.waitForNotification(
      (n) => n.title === '1fichier fetched the file' && n.message === job.results[0].link,
    );
    assert.deepEqual(
      done.buttons.map((button) => button.title),
      ['Copy link', 'Open link'],
    );
    assert.equal(await sw.evaluate(() => chrome.action.getBadgeText({})), '');
    assert.ok(browser.apiRequests('/remote/info.cgi').length >= 1);

    // "Copy link" puts the link on the clipboard (through the offscreen page).
    await sw.evaluate((id) => self.handleNotificationButton(`job:${id}`, 0), job.id);
    const site = await serveSite('<title>clipboard reader</title>');
    await browser.ctx.grantPermissions(['clipboard-read'], { origin: site.origin });
    const reader = await browser.ctx.newPage();
    await reader.goto(`${site.origin}/page`);
    await reader.bringToFront();
    assert.equal(await reader.evaluate(() => navigator.clipboard.readText()), job.results[0].link);
    await reader.close();
    site.close();
  });

  it('reports a URL that 1fichier could not fetch, with its reason', async () => {
    await browser.clickMenu({
      menuItemId: 'send-link',
      linkUrl: `${source('gone.bin')}&status=404`,
      pageUrl: 'https://example.org/',
    });
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'failed');
    assert.equal(job.results[0].ok, false);
    assert.ok(job.results[0].message.length > 0);
    const failed = await browser.waitForNotification(
      (n) => n.title === 'Could not send to 1fichier' && n.message === job.results[0].message,
    );
    assert.deepEqual(
      failed.buttons.map((button) => button.title),
      ['Retry'],
    );
    assert.equal(await (await browser.worker()).evaluate(() => chrome.action.getBadgeText({})), '!');
  });

  it('finishes a job whose worker was stopped while 1fichier was fetching', async () => {
    browser.emu.inject({ path: 'remote/info.cgi', type: 'delay', delayMs: 1500, times: 5 });
    await browser.clickMenu({ menuItemId: 'send-link', linkUrl: source('big.iso'), pageUrl: 'https://example.org/' });
    await browser.waitForJobs((jobs) => jobs[0]?.status === 'waiting');
    const alarm = await (await browser.worker()).evaluate(() => chrome.alarms.get('poll-jobs'));
    assert.ok(alarm, 'an alarm will wake a stopped worker to follow the job');
    await browser.stopWorker();
    browser.emu.clearFaults();
    // Any event starts the worker again (here: the popup opening); it resumes waiting jobs.
    const popup = await browser.openPage('pages/popup.html');
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'done', 15_000);
    assert.equal(job.results[0].ok, true);
    assert.ok(browser.emu.state.files.some((file) => file.url === job.results[0].link));
    await popup.close();
  });

  it('follows 20 waiting jobs with one remote/ls a cycle, and remote/info only for those that ran', async () => {
    // 19 sources that never answer (1fichier keeps fetching them) and one that answers at once.
    const hanging = await neverAnswering();
    const urls = [source('quick.bin'), ...Array.from({ length: 19 }, (_, index) => hanging.url(`slow-${index}.bin`))];
    try {
      // The jobs as the extension stores them once 1fichier accepted them.
      const now = Date.now();
      const jobs = [];
      for (const [index, url] of urls.entries()) {
        const id = await requestRemoteJob(url);
        jobs.push({
          ...{ id: `planted-${index}`, kind: 'remote', status: 'waiting', createdAt: now, updatedAt: now },
          ...{ urls: [url], folder: { id: backups.id, name: 'Backups' }, pendingIds: [id], results: [] },
          ...{ uncertain: [], error: null, seen: false },
        });
      }
      await (await browser.worker()).evaluate((list) => chrome.storage.local.set({ jobs: list }), jobs);
      await browser.stopWorker();
      browser.emu.requests.length = 0;
      // The next start of the worker follows the waiting jobs.
      const popup = await browser.openPage('pages/popup.html');
      await browser.waitForJobs((list) => list.find((job) => job.id === 'planted-0')?.status === 'done');
      await sleep(1500);
      const calls = (path) => browser.apiRequests(path).length;
      // Before: one remote/info per waiting job and cycle (20, paced at one call a second).
      assert.equal(calls('/remote/info.cgi'), 1, 'only the job that ran is asked for its results');
      assert.ok(calls('/remote/ls.cgi') >= 1 && calls('/remote/ls.cgi') <= 2, `${calls('/remote/ls.cgi')} lists`);
      const left = (await browser.jobs()).filter((job) => job.status === 'waiting');
      assert.equal(left.length, 19);
      await popup.close();
    } finally {
      hanging.close();
    }
  });

  it('a remote job 1fichier no longer knows ends its own job only, not the others', async () => {
    const hanging = await neverAnswering();
    try {
      const slowUrl = hanging.url('slow.bin');
      const id = await requestRemoteJob(slowUrl);
      const base = { kind: 'remote', status: 'waiting', createdAt: Date.now(), updatedAt: Date.now(), results: [] };
      const more = { folder: { id: backups.id, name: 'Backups' }, error: null, seen: false, uncertain: [] };
      const jobs = [
        { ...base, ...more, id: 'purged', urls: [source('purged.bin')], pendingIds: [987654] },
        { ...base, ...more, id: 'running', urls: [slowUrl], pendingIds: [id] },
      ];
      await (await browser.worker()).evaluate((list) => chrome.storage.local.set({ jobs: list }), jobs);
      await browser.stopWorker();
      const popup = await browser.openPage('pages/popup.html');
      const after = await browser.waitForJobs((list) => list.find((job) => job.id === 'purged')?.status === 'failed');
      assert.equal(after.find((job) => job.id === 'purged').error.code, 'not_found');
      await sleep(500);
      assert.equal((await browser.jobs()).find((job) => job.id === 'running').status, 'waiting');
      await popup.close();
    } finally {
      hanging.close();
    }
  });

  it('after a browser restart: finished jobs keep their state, the badge counts running ones, Clear finished keeps failures', async () => {
    const hanging = await neverAnswering();
    try {
      const slowUrl = hanging.url('slow.bin');
      const id = await requestRemoteJob(slowUrl);
      const base = {
        kind: 'remote',
        createdAt: Date.now(),
        updatedAt: Date.now(),
        folder: { id: backups.id, name: 'Backups' },
      };
      const done = { url: source('done.bin'), ok: true, link: 'https://1fichier.com/?donedone01', message: '' };
      const lost = { url: source('lost.bin'), ok: false, link: null, message: 'Not found' };
      const jobs = [
        {
          ...base,
          id: 'running',
          status: 'waiting',
          urls: [slowUrl],
          pendingIds: [id],
          results: [],
          error: null,
          seen: false,
        },
        {
          ...base,
          id: 'finished',
          status: 'done',
          urls: [done.url],
          pendingIds: [],
          results: [done],
          error: null,
          seen: true,
        },
        {
          ...base,
          id: 'failure',
          status: 'failed',
          urls: [lost.url],
          pendingIds: [],
          results: [lost],
          error: null,
          seen: false,
        },
      ];
      await (await browser.worker()).evaluate((list) => chrome.storage.local.set({ jobs: list }), jobs);
      await browser.restart();
      const sw = await browser.worker();
      // One job still runs: the badge counts it.
      for (let i = 0; (await sw.evaluate(() => chrome.action.getBadgeText({}))) !== '1'; i++) {
        assert.ok(i < 50, `badge: ${await sw.evaluate(() => chrome.action.getBadgeText({}))}`);
        await sleep(100);
      }
      const popup = await browser.openPage('pages/popup.html');
      await popup.locator('#jobs li.job.status-done').waitFor();
      for (const status of ['waiting', 'done', 'failed'])
        assert.equal(await popup.locator(`#jobs li.job.status-${status}`).count(), 1, status);
      await popup.click('#clear-finished');
      await popup.locator('#jobs li.job.status-done').waitFor({ state: 'detached' });
      assert.deepEqual((await browser.jobs()).map((job) => job.id).sort(), ['failure', 'running']);
      await popup.close();
    } finally {
      hanging.close();
    }
  });

  it('keeps a job whose request was cut off by a stopped worker, marked for retry', async () => {
    browser.emu.inject({ path: 'remote/request.cgi', type: 'delay', delayMs: 3000 });
    const sw = await browser.worker();
    sw.evaluate(
      (url) => self.handleMenuClick({ menuItemId: 'send-link', linkUrl: url, pageUrl: 'https://example.org/' }),
      source('cut.bin'),
    ).catch(() => {});
    await browser.waitForJobs((jobs) => jobs[0]?.status === 'sending');
    while (remoteRequests().length === 0) await sleep(50); // the request is at 1fichier, its answer not yet back
    await browser.stopWorker();
    const popup = await browser.openPage('pages/popup.html');
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'failed');
    assert.equal(job.error.code, 'interrupted');
    assert.equal(job.error.message, sentence('interrupted'));
    // 1fichier may have it: no plain Retry, only "Send again anyway" under the warning.
    assert.deepEqual(job.uncertain, [source('cut.bin')]);
    const entry = popup.locator(`#jobs li.job[data-job-id="${job.id}"]`);
    await entry.locator('.job-warning', { hasText: english('jobUncertain_one') }).waitFor();
    assert.equal(await entry.locator('button.retry').count(), 0);
    // 1fichier did take the cut-off request (its job exists once the delayed answer is done):
    // asked to send it again, the extension finds it there and follows that job instead.
    while (!atFichier(source('cut.bin'))) await sleep(50);
    await entry.locator('button.retry-uncertain').click();
    const [again] = await browser.waitForJobs((jobs) => jobs.length === 1 && jobs[0].status === 'done', 15_000);
    assert.deepEqual(again.urls, [source('cut.bin')]);
    assert.equal(again.alreadyAtFichier, true);
    assert.equal(again.results[0].ok, true);
    assert.equal(remoteRequests().length, 1, 'never sent twice');
    await popup.locator('#jobs li.job .job-note', { hasText: english('jobAlreadyAtFichier') }).waitFor();
    await popup.close();
  });

  it('a browser restart between send and answer never sends the URL a second time', async () => {
    browser.emu.inject({ path: 'remote/request.cgi', type: 'delay', delayMs: 2000 });
    const sw = await browser.worker();
    sw.evaluate(
      (url) => self.handleMenuClick({ menuItemId: 'send-link', linkUrl: url, pageUrl: 'https://example.org/' }),
      source('restart.bin'),
    ).catch(() => {}); // the browser closes under it
    while (remoteRequests().length === 0) await sleep(50);
    await browser.restart(); // 1fichier still creates the job: the request reached it
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'failed');
    assert.equal(job.error.code, 'interrupted');
    while (!atFichier(source('restart.bin'))) await sleep(50);
    const popup = await browser.openPage('pages/popup.html');
    await popup.locator(`#jobs li.job[data-job-id="${job.id}"] button.retry-uncertain`).click();
    const [again] = await browser.waitForJobs((jobs) => jobs[0]?.alreadyAtFichier && jobs[0].status === 'done', 15_000);
    assert.deepEqual(again.urls, [source('restart.bin')]);
    assert.deepEqual(remoteRequests(), [{ urls: [source('restart.bin')], folder_id: backups.id }], 'sent once');
    await popup.close();
  });

  it('keeps apart the URLs of a request that broke after it went out: Retry sends only the unsent ones', async () => {
    // 41 URLs go out in requests of 20: the first is accepted, the second breaks (its URLs may
    // be at 1fichier), the third is never sent. Chrome repeats a POST once on a dropped reused
    // connection, hence several resets.
    const urls = Array.from({ length: 41 }, (_, index) => source(`batch-${index}.bin`));
    browser.emu.inject({ path: 'remote/request.cgi', type: 'delay', delayMs: 1 });
    browser.emu.inject({ path: 'remote/request.cgi', type: 'reset', times: 3 });
    await browser.clickMenu({
      menuItemId: 'send-selection',
      selectionText: urls.join('\n'),
      pageUrl: 'https://example.org/',
    });
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'partial', 20_000);
    browser.emu.clearFaults();
    assert.equal(job.error.code, 'network');
    assert.deepEqual(job.uncertain, urls.slice(20, 40));
    assert.deepEqual(
      job.results.filter((result) => result.ok).map((result) => result.url),
      urls.slice(0, 20),
    );
    assert.deepEqual(
      job.results.filter((result) => !result.ok).map((result) => result.url),
      urls.slice(40),
    );
    const shown = await browser.waitForNotification(
      (n) => n.id === `job:${job.id}` && n.title === english('notifyPartialTitle', [20, 41]),
    );
    assert.match(shown.message, new RegExp(english('notifyUncertain_other', 20).slice(0, 30)));
    assert.deepEqual(
      shown.buttons.map((button) => button.title),
      ['Retry'],
    );

    const before = remoteRequests().length;
    await (await browser.worker()).evaluate((id) => self.handleNotificationButton(`job:${id}`, 0), job.id);
    const jobs = await browser.waitForJobs((all) => all.some((candidate) => candidate.status === 'done'), 15_000);
    assert.deepEqual(remoteRequests().slice(before), [{ urls: urls.slice(40), folder_id: backups.id }]);
    // The old entry keeps what arrived and the uncertain URLs, with their warning.
    const left = jobs.find((candidate) => candidate.id === job.id);
    assert.equal(left.status, 'partial');
    assert.deepEqual(left.urls, urls.slice(0, 40));
    assert.deepEqual(left.uncertain, urls.slice(20, 40));
    // A second Retry has nothing safe left to send.
    await (await browser.worker()).evaluate((id) => self.handleNotificationButton(`job:${id}`, 0), job.id);
    assert.equal(remoteRequests().length, before + 1);
  });
});

describe('every failure gives its sentence', () => {
  const KO = {
    flood: { type: 'flood' },
    premium_required: { type: 'ko', message: 'Must be a customer (Premium, Access) #236', status: 403 },
    not_found: { type: 'ko', message: 'Resource not found #469', status: 404 },
    forbidden: { type: 'ko', message: 'Resource not allowed #631', status: 403 }, // the location limit: downloads.test.mjs
    owner_locked: { type: 'ko', message: 'Owner locked #666', status: 403 },
    // Chrome itself retries a request once when a reused connection drops.
    network: { type: 'reset', times: 3 },
    server: { type: '5xx', status: 502 },
    decode: { type: 'html' },
    api: { type: 'ko', message: 'Something new happened #999' },
  };
  for (const [code, fault] of Object.entries(KO)) {
    it(code, async () => {
      browser.emu.inject({ path: 'remote/request.cgi', ...fault });
      await browser.clickMenu({
        menuItemId: 'send-link',
        linkUrl: source(`${code}.bin`),
        pageUrl: 'https://example.org/',
      });
      const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'failed');
      assert.equal(job.error.code, code);
      assert.ok(job.error.message.startsWith(sentence(code)), job.error.message);
      // A refusal means nothing happened; a request that went out and got no answer, a 5xx or
      // an answer that cannot be read may have reached 1fichier (the package's details.uncertain).
      assert.deepEqual(job.uncertain, ['network', 'server', 'decode'].includes(code) ? job.urls : []);
      await browser.waitForNotification((n) => n.message.split('\n')[0] === job.error.message);
      await new Promise((done) => setTimeout(done, code === 'flood' ? 400 : 0)); // the flood lock ends
    });
  }

  it('auth: a wrong key', async () => {
    await browser.configure({ apiKey: 'WRONGKEYWRONGKEYWRONGKEYWRONGKEY' });
    await browser.clickMenu({ menuItemId: 'send-page', pageUrl: source('auth.html') });
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'failed');
    assert.deepEqual(job.error, { code: 'auth', message: sentence('auth') });
  });

  it('missing_key: nothing is lost, the job is kept for a retry', async () => {
    await browser.configure({ apiKey: '' });
    await browser.clickMenu({ menuItemId: 'send-page', pageUrl: source('later.html') });
    const [job] = await browser.waitForJobs((jobs) => jobs[0]?.status === 'failed');
    assert.deepEqual(job.error, { code: 'missing_key', message: sentence('missing_key') });
    assert.deepEqual(job.urls, [source('later.html')]);
    assert.equal(browser.emu.requests.length, 0);
  });

  it('invalid_input and no_links: refused before any request', async () => {
    await browser.clickMenu({
      menuItemId: 'send-link',
      linkUrl: 'javascript:void(0)',
      pageUrl: 'https://example.org/',
    });
    await browser.waitForNotification((n) => n.message === `${sentence('invalid_input')} (javascript:void(0))`);
    await browser.clickMenu({
      menuItemId: 'send-selection',
      selectionText: 'no address here',
      pageUrl: 'https://example.org/',
    });
    await browser.waitForNotification((n) => n.message === sentence('no_links'));
    assert.equal(browser.emu.requests.length, 0);
    assert.deepEqual(await browser.jobs(), []);
  });
});

/** The selection reader's source, as executeScript injects it. */
async function readerSource() {
  const { readSelectedHrefs } = await import('../../extension/src/lib/selection-reader.js');
  return `(${readSelectedHrefs})()`;
}
