// What the options, popup and upload pages have in common: building elements, status lines,
// error sentences, the destination folder <select>, copy buttons and the missing-key banner.
import { ext } from '../lib/browser.js';
import { describeError, ExtensionError } from '../lib/errors.js';
import { folderLabel, localisePage, plural, t } from '../lib/i18n.js';
import { uncertainUrls } from '../lib/jobs-store.js';
import { MessageError } from '../lib/messages.js';
import { loadSettings, onSettingsChanged } from '../lib/settings.js';

const COPIED_FEEDBACK_MS = 1500;
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];

/** "12.3 MB" / "12,3 Mo": decimal units, as file managers and 1fichier show sizes ("12 bytes": the short byte unit reads oddly). */
export function formatBytes(bytes) {
  const exponent = Math.min(BYTE_UNITS.length - 1, Math.max(0, Math.floor(Math.log10(Math.max(bytes, 1)) / 3)));
  const value = bytes / 1000 ** exponent;
  return new Intl.NumberFormat(ext.i18n.getUILanguage(), {
    style: 'unit',
    unit: BYTE_UNITS[exponent],
    unitDisplay: exponent === 0 ? 'long' : 'short',
    maximumFractionDigits: exponent === 0 ? 0 : 1,
  }).format(value);
}

/**
 * Asks for the optional `downloads` permission. Browsers grant it only inside the click that
 * needs it (Firefox: before any await), so call this first in the click handler and await it after.
 */
export async function allowDownloads() {
  if (!(await ext.permissions.request({ permissions: ['downloads'] }))) throw new ExtensionError('downloads_refused');
}

/** The page's element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element. `properties` are assigned (className, textContent, href…); `dataset` and
 * `attributes` are set key by key; null/false children are skipped. */
export function h(tag, properties = {}, ...children) {
  const { dataset = {}, attributes = {}, ...rest } = properties;
  const element = Object.assign(document.createElement(tag), rest);
  Object.assign(element.dataset, dataset);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** Translates the page and wires every `.open-options` button. */
export function initPage() {
  localisePage();
  for (const button of document.querySelectorAll('.open-options')) {
    button.addEventListener('click', () => ext.runtime.openOptionsPage());
  }
}

/** Calls `apply(settings)` now and on every later change (another tab may change them). */
export function followSettings(apply) {
  onSettingsChanged(apply);
  return loadSettings().then(apply);
}

/** The sentence for any failure: a background refusal is already translated, the rest goes
 * through describeError, so the same failure reads the same on every page. */
export function errorText(error) {
  return error instanceof MessageError ? error.message : describeError(error).message;
}

/**
 * What a send did, in one sentence, and the URLs certainly not sent (safe to send again). The
 * background records a job that failed at once (bad key, flood lock) rather than refusing the
 * message: its reason is the answer to the click. Links to copy and URLs to fetch are separate
 * jobs, so one may fail while the other went out.
 */
export function sendOutcome(jobs) {
  const failed = jobs.filter((job) => job.status === 'failed' && job.error);
  if (failed.length > 0) {
    const unsent = failed.flatMap((job) => job.urls.filter((url) => !uncertainUrls(job).includes(url)));
    return { message: failed[0].error.message, kind: 'error', unsent };
  }
  const count = jobs.reduce((sum, job) => sum + job.urls.length, 0);
  return { message: plural('popupSent', count), kind: 'ok', unsent: [] };
}

/** A finished download job in one sentence: every download started, or why some did not. */
export function downloadOutcome(job) {
  const started = job.results.filter((result) => result.ok).length;
  const failure = job.error ?? job.results.find((result) => !result.ok);
  if (!failure) return { message: plural('downloadStarted', started), kind: 'ok' };
  const summary = started > 0 ? `${plural('downloadStarted', started)} ` : '';
  return { message: `${summary}${failure.message}`, kind: started > 0 ? 'warning' : 'error' };
}

/** Shows `message` in a status area; `kind` 'ok', 'warning' or 'error' colours it. */
export function showStatus(element, message, kind = '') {
  element.textContent = message;
  for (const name of ['ok', 'warning', 'error']) element.classList.toggle(name, name === kind);
}

/** Shows the #missing-key banner while no API key is saved. */
export function showMissingKey(settings) {
  $('missing-key').hidden = Boolean(settings.apiKey);
}

/** Fills a destination <select>: the default folder first, then the favourites, each once.
 * The user's current choice is kept when it is still offered. */
export function fillFolderSelect(select, settings) {
  const previous = select.value;
  const others = settings.favourites.filter((folder) => folder.id !== settings.defaultFolder.id);
  const option = (folder, label) =>
    h('option', { value: String(folder.id), textContent: label, dataset: { name: folder.name } });
  select.replaceChildren(
    option(settings.defaultFolder, t('folderDefaultOption', folderLabel(settings.defaultFolder))),
    ...others.map((folder) => option(folder, folderLabel(folder))),
  );
  if ([...select.options].some((candidate) => candidate.value === previous)) select.value = previous;
}

/** The { id, name } chosen in a select filled by fillFolderSelect (undefined before it is filled). */
export function selectedFolder(select) {
  const option = select.selectedOptions[0];
  return option && { id: Number(option.value), name: option.dataset.name };
}

/** Puts `text` on the clipboard; the button says "Copied" (or why not) for a moment. */
export async function copyText(button, text) {
  button.dataset.label ??= button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = t('copied');
  } catch {
    button.textContent = t('copyFailed');
  }
  clearTimeout(Number(button.dataset.timer));
  button.dataset.timer = String(
    setTimeout(() => {
      button.textContent = button.dataset.label;
    }, COPIED_FEEDBACK_MS),
  );
}

/** A link that opens in a new tab, followed by its "Copy" button (class copy-link). */
export function linkWithCopy(url, linkClass) {
  const link = h('a', {
    className: linkClass,
    href: url,
    target: '_blank',
    rel: 'noopener noreferrer',
    textContent: url,
  });
  const copy = h('button', { type: 'button', className: 'copy-link', textContent: t('buttonCopy') });
  copy.addEventListener('click', () => copyText(copy, url));
  return [link, copy];
}
