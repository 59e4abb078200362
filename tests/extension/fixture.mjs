// Launches Chromium with the built extension (extension/dist/chrome) against a local 1fichier,
// as a user would have it after pasting the key in the options.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startEmulator } from '../emulator/index.js';

export const KEY = 'DEMO0123456789abcdefDEMO01234567';
export const EXTENSION = resolve(dirname(fileURLToPath(import.meta.url)), '../../extension/dist/chrome');

const messages = JSON.parse(
  readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8'),
);
/** The English message `key` with $1…$9 filled, as the extension shows it (the browser runs in English). */
export const english = (key, substitutions = []) =>
  messages[key].message.replace(/\$([1-9])/g, (_, index) => String([].concat(substitutions)[index - 1] ?? ''));
/** The English sentence the extension shows for an error code. */
export const sentence = (code) => english(`error_${code}`);

/**
 * A copy of the built extension with some optional permissions already granted (moved into
 * `permissions` / `host_permissions`). Chromium asks for an optional permission in a native
 * prompt no test can answer, and a test's menu click carries no user gesture, so no activeTab.
 * Everything else is the shipped build; asking for `downloads` is tested in Firefox, where a
 * pref grants without a prompt, and a refusal by stubbing the answer.
 */
async function withGranted({ permissions = [], origins = [] }) {
  const copy = await mkdtemp(join(tmpdir(), 'send-to-1fichier-granted-'));
  await cp(EXTENSION, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  manifest.permissions.push(...permissions);
  manifest.optional_permissions = manifest.optional_permissions.filter((name) => !permissions.includes(name));
  manifest.host_permissions.push(...origins);
  await writeFile(join(copy, 'manifest.json'), JSON.stringify(manifest));
  return copy;
}

/**
 * A browser with the extension and its own emulator. `configure` sets the settings the way
 * the options page stores them (the options page itself is tested in pages.test.mjs).
 * `grant`: { permissions, origins } granted beforehand (see withGranted). Downloads land in
 * `browser.downloadDir`, the profile's download folder, under the names the browser gives them.
 */
export async function launch(emulatorOptions = {}, { grant } = {}) {
  const emu = await startEmulator({
    cors: true,
    strict: true,
    remoteDelayMs: 200,
    floodLockMs: 300,
    ...emulatorOptions,
  });
  const profile = await mkdtemp(join(tmpdir(), 'send-to-1fichier-'));
  const extension = grant ? await withGranted(grant) : EXTENSION;
  const downloadDir = join(profile, 'Downloads');
  await mkdir(join(profile, 'Default'), { recursive: true });
  await writeFile(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ download: { default_directory: downloadDir, prompt_for_download: false } }),
  );
  // The same profile each time: a restart keeps the extension's storage, as a browser does.
  const open = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  // Playwright renames downloads into its own folder; the browser's default keeps the
  // profile's download folder and the names a user would get.
  const openWithBrowserDownloads = async () => {
    const context = await open();
    const session = await context.browser().newBrowserCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'default' });
    await session.detach();
    return context;
  };
  let ctx = await openWithBrowserDownloads();
  const problems = [];
  const watch = () => ctx.on('weberror', (error) => problems.push(error.error().message));
  watch();
  const browser = {
    ctx,
    emu,
    problems,
    downloadDir,
    extensionId: '',
    /** The current service worker (a stopped worker is replaced by a new one on the next event). */
    async worker() {
      const live = ctx.serviceWorkers().filter((sw) => sw.url().startsWith(`chrome-extension://${this.extensionId}/`));
      return live.at(-1) ?? ctx.waitForEvent('serviceworker');
    },
    async configure(settings = {}) {
      const sw = await this.worker();
      await sw.evaluate((value) => chrome.storage.local.set({ settings: value }), {
        version: 1,
        apiKey: KEY,
        apiBase: emu.apiBase,
        ...settings,
      });
    },
    /** Records every notification the worker shows, in `self.shownNotifications`. */
    async recordNotifications() {
      const sw = await this.worker();
      await sw.evaluate(() => {
        const api = (globalThis.browser ?? globalThis.chrome).notifications;
        const create = api.create.bind(api);
        self.shownNotifications = [];
        api.create = (id, options) => {
          self.shownNotifications.push({ id, ...options });
          return create(id, options);
        };
      });
    },
    async notifications() {
      return (await this.worker()).evaluate(() => self.shownNotifications ?? []);
    },
    async waitForNotification(predicate, timeout = 10_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = (await this.notifications()).find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no such notification; shown: ${JSON.stringify(await this.notifications())}`);
        await sleep(100);
      }
    },
    async jobs() {
      return (await this.worker()).evaluate(async () => (await chrome.storage.local.get('jobs')).jobs ?? []);
    },
    async waitForJobs(predicate, timeout = 10_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const jobs = await this.jobs();
        if (predicate(jobs)) return jobs;
        if (Date.now() > deadline) throw new Error(`jobs never matched: ${JSON.stringify(jobs)}`);
        await sleep(100);
      }
    },
    /** Drives the context menu as Chrome does: the listener registered with contextMenus.onClicked. */
    async clickMenu(info, tab) {
      const sw = await this.worker();
      return sw.evaluate(([i, t]) => self.handleMenuClick(i, t), [info, tab]);
    },
    /** Closes the browser and starts it again on the same profile (storage kept). */
    async restart() {
      await ctx.close();
      ctx = await openWithBrowserDownloads();
      this.ctx = ctx;
      watch();
      await this.worker();
    },
    /** Stops the extension's service worker, as Chrome does after 30 s idle. */
    async stopWorker() {
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      await page.close();
      const deadline = Date.now() + 5000;
      while (ctx.serviceWorkers().some((sw) => sw.url().includes(this.extensionId)) && Date.now() < deadline)
        await sleep(50);
    },
    async openPage(path) {
      const page = await ctx.newPage();
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`chrome-extension://${this.extensionId}/${path}`);
      return page;
    },
    apiRequests(path) {
      return emu.requests.filter((request) => request.server === 'api' && request.path.endsWith(path));
    },
    async close() {
      await ctx.close();
      await emu.close();
      await rm(profile, { recursive: true, force: true });
      if (extension !== EXTENSION) await rm(extension, { recursive: true, force: true });
    },
  };
  let [sw] = ctx.serviceWorkers();
  sw ??= await ctx.waitForEvent('serviceworker');
  browser.extensionId = sw.url().split('/')[2];
  return browser;
}

/** A small web site for pages to right-click on: `/page` serves `html`. */
export async function serveSite(html) {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
