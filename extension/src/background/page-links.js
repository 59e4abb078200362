// "Send the links of this page…": reads the links of the user's tab (scripting, allowed by the
// click through activeTab) and opens the picker with them. The links travel through
// storage.session (memory only, gone when the browser closes), one entry per picker.
import { ext } from '../lib/browser.js';
import { ExtensionError } from '../lib/errors.js';
import { pickerKey } from '../lib/link-groups.js';
import { readPageLinks } from '../lib/page-links-reader.js';

const KEPT_PICKERS = 5; // the lists of older pickers are dropped (a reload of one shows why)

/** Reads every frame of `tab` and opens the picker next to it. Resolves to the picker's id. */
export async function openLinkPicker(tab) {
  if (tab?.id === undefined || tab.id < 0) throw new ExtensionError('page_unreadable', tab?.url ?? '');
  let frames;
  try {
    frames = await ext.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, func: readPageLinks });
  } catch {
    // The browser's own pages, stores, PDFs, pages not allowed by activeTab.
    throw new ExtensionError('page_unreadable', tab.url ?? '');
  }
  const readable = frames.filter((frame) => frame?.result && Array.isArray(frame.result.links));
  const links = readable.flatMap((frame) => frame.result.links);
  if (links.length === 0) throw new ExtensionError('no_links');
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const title = readable.find((frame) => frame.frameId === 0)?.result.title ?? tab.title ?? '';
  const older = Object.keys(await ext.storage.session.get(null))
    .filter((key) => key.startsWith(pickerKey('')))
    .sort();
  await ext.storage.session.remove(older.slice(0, Math.max(0, older.length - KEPT_PICKERS + 1)));
  await ext.storage.session.set({ [pickerKey(id)]: { pageUrl: tab.url ?? '', title, links } });
  await ext.tabs.create({
    url: ext.runtime.getURL(`pages/picker.html?id=${id}`),
    ...(tab.index >= 0 ? { index: tab.index + 1 } : {}),
  });
  return id;
}
