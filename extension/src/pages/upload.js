// The upload tab (a tab, not the popup: Firefox closes popups when a file picker opens).
// Files queue up and go one at a time through one client, straight from their File objects;
// each uploaded file joins the job list at once, so the popup shows its link even if this tab
// is closed before the queue ends.
import { ext } from '../lib/browser.js';
import { createClient } from '../lib/client.js';
import { plural, t } from '../lib/i18n.js';
import { recordUpload } from '../lib/messages.js';
import {
  $,
  copyText,
  errorText,
  fillFolderSelect,
  followSettings,
  formatBytes,
  h,
  initPage,
  linkWithCopy,
  selectedFolder,
  showMissingKey,
  showStatus,
} from './shared.js';

const folderSelect = $('upload-folder');
const dropZone = $('drop-zone');
const fileInput = $('file-input');
const uploadList = $('uploads');
const uploadStatus = $('upload-status');
const copyAllButton = $('copy-all');

const language = ext.i18n.getUILanguage();
const percentFormat = new Intl.NumberFormat(language, { style: 'percent' });
let settings;
const settingsLoaded = followSettings((next) => {
  settings = next;
  fillFolderSelect(folderSelect, settings);
  showMissingKey(settings);
});
initPage();

// --- Choosing files -------------------------------------------------------------------------

$('choose-files').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => {
  addFiles([...fileInput.files]);
  fileInput.value = ''; // choosing the same file again still fires `change`
});

for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragover');
  });
}
dropZone.addEventListener('dragleave', (event) => {
  if (!dropZone.contains(event.relatedTarget)) dropZone.classList.remove('dragover');
});
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragover');
  // Dragged text or links come as other kinds of items. A dropped folder arrives as an
  // unreadable File: leave it out and say so.
  const fileItems = [...event.dataTransfer.items].filter((item) => item.kind === 'file');
  const files = fileItems.filter((item) => !item.webkitGetAsEntry?.()?.isDirectory).map((item) => item.getAsFile());
  if (files.length < fileItems.length) showStatus(uploadStatus, t('uploadNoFolders'), 'warning');
  addFiles(files);
});
// A file dropped beside the zone would make the browser open it and leave this page.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

// --- The queue ------------------------------------------------------------------------------

/** @typedef {{ file: File, folder: { id: number, name: string }, state: string, controller: AbortController, element: HTMLLIElement }} Item */
/** @type {Item[]} every file of this page, in order */
const items = [];
let running = false;
/** Since the queue last drained: uploads recorded in the job list, and whether recording one failed. */
let sinceDrain = { recorded: 0, recordFailed: false };

const isUnfinished = (item) => ['pending', 'uploading'].includes(item.state);

async function addFiles(files) {
  if (files.length === 0) return;
  await settingsLoaded; // the folder list is filled from the settings
  const folder = selectedFolder(folderSelect);
  for (const file of files) {
    const item = { file, folder, state: 'pending', controller: new AbortController() };
    item.element = itemElement(item);
    items.push(item);
    uploadList.append(item.element);
  }
  $('no-uploads').hidden = true;
  runQueue();
}

function itemElement(item) {
  const { name, size } = item.file;
  const cancel = h('button', {
    type: 'button',
    className: 'cancel',
    textContent: t('buttonCancel'),
    attributes: { 'aria-label': t('uploadCancelLabel', name) },
  });
  cancel.addEventListener('click', () => cancelItem(item));
  return h(
    'li',
    { className: 'upload state-pending', dataset: { name } },
    h(
      'div',
      { className: 'upload-head' },
      h('span', { className: 'upload-name', textContent: name }),
      h('span', { className: 'upload-size', textContent: formatBytes(size) }),
    ),
    h('progress', {
      className: 'upload-progress',
      max: 100,
      value: 0,
      attributes: { 'aria-label': t('uploadProgressLabel', name) },
    }),
    h(
      'div',
      { className: 'upload-foot' },
      h('span', { className: 'upload-status', textContent: t('uploadState_pending') }),
      h('span', { className: 'upload-bytes' }),
      cancel,
    ),
    h('div', { className: 'upload-result' }),
  );
}

function setState(item, state) {
  item.state = state;
  item.element.className = `upload state-${state}`;
  item.element.querySelector('.upload-status').textContent = t(`uploadState_${state}`);
  if (!isUnfinished(item)) item.element.querySelector('.cancel').remove();
}

function showProgress(item, { sent, total }) {
  const ratio = total > 0 ? Math.min(1, sent / total) : 0;
  item.element.querySelector('.upload-progress').value = Math.round(ratio * 100);
  item.element.querySelector('.upload-bytes').textContent = t('uploadBytes', [
    formatBytes(Math.min(sent, total)),
    formatBytes(total),
    percentFormat.format(ratio),
  ]);
  // Once the bytes are sent, 1fichier still has to publish the link (end.pl).
  if (ratio === 1) item.element.querySelector('.upload-status').textContent = t('uploadFinishing');
}

function cancelItem(item) {
  if (item.state === 'pending') fail(item, { code: 'aborted' });
  else item.controller.abort();
}

function fail(item, error) {
  setState(item, error?.code === 'aborted' ? 'cancelled' : 'failed');
  item.element
    .querySelector('.upload-result')
    .replaceChildren(h('p', { className: 'upload-error', textContent: errorText(error) }));
}

async function runQueue() {
  if (running) return;
  running = true;
  for (;;) {
    const item = items.find((candidate) => candidate.state === 'pending');
    if (!item) break;
    await uploadItem(item);
  }
  running = false;
  const { recorded, recordFailed } = sinceDrain;
  sinceDrain = { recorded: 0, recordFailed: false };
  // A recording failure stays on screen rather than this summary.
  if (recorded > 0 && !recordFailed) showStatus(uploadStatus, plural('uploadBatchDone', recorded), 'ok');
}

async function uploadItem(item) {
  setState(item, 'uploading');
  showProgress(item, { sent: 0, total: item.file.size });
  try {
    const client = await createClient(settings);
    const {
      files: [uploaded],
    } = await client.upload(item.file, {
      folderId: item.folder.id,
      signal: item.controller.signal,
      onProgress: (progress) => showProgress(item, progress),
    });
    setState(item, 'done');
    item.element.querySelector('.upload-progress').value = 100;
    item.element.querySelector('.upload-result').replaceChildren(...linkWithCopy(uploaded.url, 'upload-link'));
    copyAllButton.disabled = false;
    // 1fichier may leave the size out; the job list needs one.
    await record(item.folder, {
      name: uploaded.name || item.file.name,
      url: uploaded.url,
      size: uploaded.size ?? item.file.size,
    });
  } catch (error) {
    fail(item, error);
  }
}

/** Adds one uploaded file to the job list; never throws (the file is uploaded either way). */
async function record(folder, file) {
  try {
    await recordUpload(folder, [file]);
    sinceDrain.recorded += 1;
  } catch (error) {
    sinceDrain.recordFailed = true;
    showStatus(uploadStatus, errorText(error), 'error');
  }
}

copyAllButton.addEventListener('click', () => {
  const links = [...uploadList.querySelectorAll('.upload-link')].map((link) => link.getAttribute('href'));
  copyText(copyAllButton, links.join('\n'));
});

window.addEventListener('beforeunload', (event) => {
  if (items.some(isUnfinished)) event.preventDefault();
});
