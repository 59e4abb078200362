// Every message between the extension's pages and its background, in one place: the type
// names, the shape each one carries, the check the background applies before acting, and the
// envelope of the answer ({ ok: true, result } or { ok: false, error: { code, message } }).
import { ext } from './browser.js';
import { t } from './i18n.js';

/**
 * @typedef {{ id: number, name: string }} Folder
 * @typedef {{ type: 'send-urls', urls: string[], folder?: Folder }} SendUrls      → Job[]
 * @typedef {{ type: 'retry-job', jobId: string, includeUncertain?: boolean }} RetryJob → Job[]
 *   (includeUncertain: also the URLs 1fichier may already have, after the user saw the warning)
 * @typedef {{ type: 'remove-job', jobId: string }} RemoveJob                        → null
 * @typedef {{ type: 'clear-finished' }} ClearFinished                               → null
 * @typedef {{ type: 'mark-seen' }} MarkSeen                                         → null
 * @typedef {{ type: 'record-upload', folder: Folder,
 *             files: Array<{ name: string, url: string, size: number }> }} RecordUpload → Job
 * @typedef {{ type: 'inspect-link', url: string, password?: string }} InspectLink
 *   → { kind: 'file' | 'folder', files: Array<{ url, name, size, hasPassword }> }
 * @typedef {{ type: 'download-files', urls: string[], password?: string }} DownloadFiles → Job[]
 *   (1fichier file links, downloaded with the user's Premium; the password is never stored)
 * @typedef {{ type: 'pick-page-links', tabId: number }} PickPageLinks → string (the picker's id)
 *   (reads the tab's links and opens the picker; the popup's click allows it through activeTab)
 * @typedef {{ type: 'copy-to-clipboard', text: string }} CopyToClipboard     → null (to the offscreen page)
 * @typedef {SendUrls | RetryJob | RemoveJob | ClearFinished | MarkSeen | RecordUpload | InspectLink
 *   | DownloadFiles | PickPageLinks | CopyToClipboard} Message
 */

const isString = (value) => typeof value === 'string' && value.length > 0;
const isFolder = (value) =>
  value !== null &&
  typeof value === 'object' &&
  Number.isSafeInteger(value.id) &&
  value.id >= 0 &&
  typeof value.name === 'string';
const isOptionalString = (value) => value === undefined || typeof value === 'string';
const isUploadedFile = (file) =>
  file !== null && typeof file === 'object' && isString(file.name) && isString(file.url) && Number.isFinite(file.size);

/** Field checks per message type; a message of another type or failing a check is refused. */
const SHAPES = {
  'send-urls': (m) =>
    Array.isArray(m.urls) &&
    m.urls.every((url) => typeof url === 'string') &&
    (m.folder === undefined || isFolder(m.folder)),
  'retry-job': (m) =>
    isString(m.jobId) && (m.includeUncertain === undefined || typeof m.includeUncertain === 'boolean'),
  'remove-job': (m) => isString(m.jobId),
  'clear-finished': () => true,
  'mark-seen': () => true,
  'record-upload': (m) =>
    isFolder(m.folder) && Array.isArray(m.files) && m.files.length > 0 && m.files.every(isUploadedFile),
  'inspect-link': (m) => isString(m.url) && isOptionalString(m.password),
  'download-files': (m) =>
    Array.isArray(m.urls) && m.urls.length > 0 && m.urls.every(isString) && isOptionalString(m.password),
  'pick-page-links': (m) => Number.isSafeInteger(m.tabId) && m.tabId >= 0,
  'copy-to-clipboard': (m) => isString(m.text),
};

export const sendUrls = (urls, folder) => call({ type: 'send-urls', urls, folder });
export const retryJob = (jobId, { includeUncertain = false } = {}) =>
  call({ type: 'retry-job', jobId, includeUncertain });
export const removeJob = (jobId) => call({ type: 'remove-job', jobId });
export const clearFinished = () => call({ type: 'clear-finished' });
export const markSeen = () => call({ type: 'mark-seen' });
export const recordUpload = (folder, files) => call({ type: 'record-upload', folder, files });
export const inspectLink = (url, password = '') => call({ type: 'inspect-link', url, password });
export const downloadFiles = (urls, password = '') => call({ type: 'download-files', urls, password });
export const pickPageLinks = (tabId) => call({ type: 'pick-page-links', tabId });
export const copyInOffscreenPage = (text) => call({ type: 'copy-to-clipboard', text });

/** A refusal carried back from the background: `code` as in lib/errors.js, `message` translated. */
export class MessageError extends Error {
  constructor({ code, message }) {
    super(message);
    this.name = 'MessageError';
    this.code = code;
  }
}

async function call(message) {
  const answer = await ext.runtime.sendMessage(message);
  if (answer?.ok) return answer.result;
  throw new MessageError(answer?.error ?? { code: 'internal', message: t('error_internal') });
}

/**
 * A `runtime.onMessage` listener for the message types in `handlers` (the background's, or the
 * offscreen page's): checks the message, runs `handlers[type]` and answers with the envelope.
 * `describe(error)` turns a failure into { code, message }. Other types are left to the other
 * listener; messages from other extensions or from web pages are ignored.
 */
export function messageListener(handlers, describe) {
  return (message, sender, sendResponse) => {
    if (sender.id !== ext.runtime.id || !Object.hasOwn(handlers, message?.type)) return false;
    const valid = SHAPES[message.type](message);
    const run = valid
      ? Promise.resolve().then(() => handlers[message.type](message))
      : Promise.reject(Object.assign(new Error('Malformed message.'), { code: 'internal' }));
    run.then(
      (result) => sendResponse({ ok: true, result: result ?? null }),
      (error) => sendResponse({ ok: false, error: describe(error) }),
    );
    return true; // the answer comes asynchronously
  };
}
