// The "Send to 1fichier" context menu: built from the settings (page entry toggle, favourite
// folders), rebuilt idempotently on install, startup and settings change, and the click
// handler that turns what was right-clicked into URLs to send.
import { LINK_DOMAINS } from 'onefichier/slim';
import { ext } from '../lib/browser.js';
import { linkTools } from '../lib/client.js';
import { describeError, ExtensionError } from '../lib/errors.js';
import { folderLabel, plural, t } from '../lib/i18n.js';
import { linksInSelection } from '../lib/links.js';
import { readSelectedHrefs } from '../lib/selection-reader.js';
import { loadSettings } from '../lib/settings.js';
import { mayDownload } from './downloads.js';
import { notifyFailure } from './feedback.js';
import { removeJob, sendUrls, startDownloads } from './jobs.js';
import { openLinkPicker } from './page-links.js';

const PARENT = 'send-to-1fichier';
const FOLDERS_PARENT = 'send-to-folder';
const FOLDER_PREFIX = 'folder:';
const MEDIA_CONTEXTS = ['image', 'video', 'audio'];
const ALL_CONTEXTS = ['link', 'image', 'video', 'audio', 'selection', 'page'];
/**
 * 1fichier's file links on its link domains (the package's list), for the "Copy to my account"
 * entry: `https://1fichier.com/?id` and the legacy `https://id.1fichier.com/` (match patterns
 * match the query too). Folders (`/dir/…`) and other pages are left out; the click handler
 * checks the link again, as a pattern cannot tell a file subdomain from `www`.
 */
const FICHIER_FILE_PATTERNS = LINK_DOMAINS.flatMap((domain) => [
  `*://${domain}/?*`,
  `*://www.${domain}/?*`,
  `*://*.${domain}/`,
]);
/** 1fichier's folder links (`/dir/<id>`), for "Download the folder". */
const FICHIER_FOLDER_PATTERNS = LINK_DOMAINS.flatMap((domain) => [`*://${domain}/dir/*`, `*://www.${domain}/dir/*`]);
const DOWNLOAD_ENTRIES = ['download-link', 'download-folder'];

/**
 * Firefox's `menus` (alias `contextMenus`) adds onShown/refresh; Chrome has `contextMenus` only;
 * Firefox for Android has neither (the popup and upload page still work there).
 */
export const menus = ext.menus ?? ext.contextMenus;

let rebuilding = Promise.resolve();

/** Removes every entry and creates them again; calls are chained so two rebuilds never interleave. */
export function rebuildMenus() {
  rebuilding = rebuilding
    .then(createMenus)
    .catch((error) => console.error('Send to 1fichier: menu rebuild failed', error));
  return rebuilding;
}

async function createMenus() {
  if (!menus) return;
  const settings = await loadSettings();
  await menus.removeAll();
  const destination = folderLabel(settings.defaultFolder);
  const add = (properties) =>
    new Promise((resolve) => {
      menus.create(properties, () => {
        if (ext.runtime.lastError)
          console.error('Send to 1fichier: menu entry', properties.id, ext.runtime.lastError.message);
        resolve();
      });
    });
  await add({ id: PARENT, title: t('menuParent'), contexts: ALL_CONTEXTS });
  await add({ id: 'send-link', parentId: PARENT, title: t('menuSendLink', destination), contexts: ['link'] });
  await add({
    id: 'copy-link',
    parentId: PARENT,
    title: t('menuCopyLink', destination),
    contexts: ['link'],
    targetUrlPatterns: FICHIER_FILE_PATTERNS,
  });
  await add({
    id: 'download-link',
    parentId: PARENT,
    title: t('menuDownloadLink'),
    contexts: ['link'],
    targetUrlPatterns: FICHIER_FILE_PATTERNS,
  });
  await add({
    id: 'download-folder',
    parentId: PARENT,
    title: t('menuDownloadFolder'),
    contexts: ['link'],
    targetUrlPatterns: FICHIER_FOLDER_PATTERNS,
  });
  await add({ id: 'send-media', parentId: PARENT, title: t('menuSendMedia', destination), contexts: MEDIA_CONTEXTS });
  await add({
    id: 'send-selection',
    parentId: PARENT,
    title: t('menuSendSelection', destination),
    contexts: ['selection'],
  });
  if (settings.showPageItem)
    await add({ id: 'send-page', parentId: PARENT, title: t('menuSendPage', destination), contexts: ['page'] });
  await add({ id: 'pick-page-links', parentId: PARENT, title: t('menuPickPageLinks'), contexts: ['page'] });
  if (settings.favourites.length) {
    await add({ id: 'separator', parentId: PARENT, type: 'separator', contexts: ALL_CONTEXTS });
    await add({ id: FOLDERS_PARENT, parentId: PARENT, title: t('menuSendToFolder'), contexts: ALL_CONTEXTS });
    for (const folder of settings.favourites) {
      await add({
        id: FOLDER_PREFIX + folder.id,
        parentId: FOLDERS_PARENT,
        title: folderLabel(folder),
        contexts: ALL_CONTEXTS,
      });
    }
  }
}

/**
 * Firefox only (`menus.onShown`): the selection entry's title says how many links the text
 * holds. Firefox passes the selection's text only on pages the extension has host access to
 * (1fichier's own), so elsewhere the title stays general and the notification gives the count.
 */
export async function updateSelectionTitle(info) {
  if (!info.contexts.includes('selection')) return;
  const count = info.selectionText ? linksInSelection([], info.selectionText, await linkTools()).length : 0;
  const title =
    count > 0
      ? plural('menuSendSelectionCount', count)
      : t('menuSendSelection', folderLabel((await loadSettings()).defaultFolder));
  await menus.update('send-selection', { title });
  menus.refresh();
}

/** The URLs a menu click is about, in the order of precedence a user expects. */
async function targetsOf(info, tab, itemId) {
  const kind = itemId.startsWith(FOLDER_PREFIX)
    ? info.linkUrl
      ? 'send-link'
      : info.srcUrl
        ? 'send-media'
        : info.selectionText
          ? 'send-selection'
          : 'send-page'
    : itemId;
  switch (kind) {
    case 'send-link':
      return [info.linkUrl];
    case 'copy-link':
      // Only a file can be copied; anything else would be fetched as a page, under a copy's name.
      if ((await linkTools()).parseLink(info.linkUrl ?? '')?.kind !== 'file')
        throw new ExtensionError('not_a_file', info.linkUrl);
      return [info.linkUrl];
    case 'send-media':
      return [info.srcUrl];
    case 'send-page':
      return [info.pageUrl ?? tab?.url];
    case 'send-selection':
      return selectionLinks(info, tab);
    default:
      throw new ExtensionError('internal', `Unknown menu entry ${itemId}.`);
  }
}

/** The hrefs of the selected anchors (read in the page) and the URLs written in the text. */
async function selectionLinks(info, tab) {
  let hrefs = [];
  if (tab?.id !== undefined && tab.id >= 0) {
    try {
      const frameIds = info.frameId === undefined ? undefined : [info.frameId];
      const [injection] = await ext.scripting.executeScript({
        target: { tabId: tab.id, frameIds },
        func: readSelectedHrefs,
      });
      hrefs = Array.isArray(injection?.result) ? injection.result : [];
    } catch {
      // Pages the extension may not script (the browser's own, the web store): the text is all there is.
    }
  }
  const links = linksInSelection(hrefs, info.selectionText, await linkTools());
  if (links.length === 0) throw new ExtensionError('no_links');
  return links;
}

/**
 * "Download with my Premium": a file starts at once when the browser already lets the
 * extension download and it needs no password. Anything that needs the user (the permission,
 * which only a click in a page may ask for, a password, a folder's files) opens the download page.
 */
async function downloadFromMenu(url, tab) {
  const kind = (await linkTools()).parseLink(url ?? '')?.kind;
  if (kind !== 'file' && kind !== 'folder') throw new ExtensionError('not_a_file', url);
  if (kind === 'file' && (await mayDownload())) {
    const [job] = await startDownloads([url]);
    if (job?.results[0]?.code !== 'password_needed') return [job];
    await removeJob(job.id); // asked again in the page, with the password
  }
  await ext.tabs.create({
    url: ext.runtime.getURL(`pages/download.html?url=${encodeURIComponent(url)}`),
    ...(tab?.index >= 0 ? { index: tab.index + 1 } : {}),
  });
  return [];
}

/** The `contextMenus.onClicked` listener (also `self.handleMenuClick` for tests). */
export async function handleMenuClick(info, tab) {
  const itemId = String(info.menuItemId);
  try {
    if (DOWNLOAD_ENTRIES.includes(itemId)) return await downloadFromMenu(info.linkUrl, tab);
    if (itemId === 'pick-page-links') return await openLinkPicker(tab);
    const settings = await loadSettings();
    const folder = itemId.startsWith(FOLDER_PREFIX)
      ? settings.favourites.find((favourite) => `${FOLDER_PREFIX}${favourite.id}` === itemId)
      : undefined;
    const urls = (await targetsOf(info, tab, itemId)).filter(Boolean);
    return await sendUrls(urls, folder);
  } catch (error) {
    notifyFailure(describeError(error));
    return [];
  }
}
