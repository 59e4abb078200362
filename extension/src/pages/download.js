// The download page (pages/download.html?url=<1fichier link>[&url=…]): what the links hold,
// files or the files of public folders, a password field when one is protected, and one
// Download button that asks for the browser's download permission the first time. Opened by
// the context menu's download entries and by the popup.
import { plural, t } from '../lib/i18n.js';
import { downloadFiles, inspectLink } from '../lib/messages.js';
import {
  $,
  allowDownloads,
  downloadOutcome,
  errorText,
  followSettings,
  formatBytes,
  h,
  initPage,
  showMissingKey,
  showStatus,
} from './shared.js';

const links = new URLSearchParams(location.search).getAll('url');
const passwordForm = $('password-form');
const passwordInput = $('password');
const loadStatus = $('load-status');
const downloadStatus = $('download-status');
const fileList = $('files');
const downloadButton = $('download');

initPage();
followSettings(showMissingKey);
$('sources').replaceChildren(
  ...links.map((link) =>
    h('li', {}, h('a', { href: link, textContent: link, target: '_blank', rel: 'noopener noreferrer' })),
  ),
);

const checkboxes = () => [...fileList.querySelectorAll('input[type="checkbox"]')];
const chosenUrls = () =>
  checkboxes()
    .filter((box) => box.checked)
    .map((box) => box.value);

/** Asks the background what the links hold, with the password typed so far. */
async function load() {
  showStatus(loadStatus, t('downloadLoading'));
  try {
    const found = [];
    for (const link of links) found.push(await inspectLink(link, passwordInput.value));
    showStatus(loadStatus, '');
    showFiles(
      found.length === 1 ? found[0].kind : 'list',
      found.flatMap((item) => item.files),
    );
  } catch (error) {
    $('files-card').hidden = true;
    if (error.code === 'password_needed') askPassword(errorText(error));
    else showStatus(loadStatus, errorText(error), 'error');
  }
}

function askPassword(message) {
  passwordForm.hidden = false;
  showStatus(loadStatus, message, passwordInput.value ? 'error' : 'warning');
  passwordInput.focus();
}

/** `kind`: 'file' (one file, nothing to choose), 'folder' or 'list' (files to pick from). */
function showFiles(kind, files) {
  $('files-card').hidden = false;
  const choice = kind !== 'file';
  $('files-heading').textContent =
    kind === 'folder'
      ? plural('downloadFolderFiles', files.length)
      : kind === 'list'
        ? plural('downloadFiles', files.length)
        : t('downloadFile');
  $('select-all').parentElement.hidden = !choice || files.length < 2;
  fileList.replaceChildren(
    ...files.map((file) =>
      h(
        'li',
        {},
        h(
          'label',
          { className: 'check' },
          h('input', { type: 'checkbox', value: file.url, checked: true, hidden: !choice }),
          h('span', { className: 'download-name', textContent: file.name || file.url }),
          file.size !== null && h('span', { className: 'hint', textContent: formatBytes(file.size) }),
          file.hasPassword && h('span', { className: 'hint', textContent: t('downloadProtected') }),
        ),
      ),
    ),
  );
  // A folder's files may have their own password: the same field is offered for them.
  if (files.some((file) => file.hasPassword)) passwordForm.hidden = false;
  downloadButton.disabled = files.length === 0;
  if (files.length === 0) showStatus(downloadStatus, t('downloadEmptyFolder'), 'warning');
}

passwordForm.addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});

$('select-all').addEventListener('change', (event) => {
  for (const box of checkboxes()) box.checked = event.target.checked;
  downloadButton.disabled = chosenUrls().length === 0;
});
fileList.addEventListener('change', () => {
  downloadButton.disabled = chosenUrls().length === 0;
});

downloadButton.addEventListener('click', async () => {
  const allowed = allowDownloads(); // first, while the click still counts as the user's
  const urls = chosenUrls();
  downloadButton.disabled = true;
  showStatus(downloadStatus, t('downloadStarting'));
  try {
    await allowed;
    showOutcome((await downloadFiles(urls, passwordInput.value))[0]);
  } catch (error) {
    showStatus(downloadStatus, errorText(error), 'error');
  } finally {
    downloadButton.disabled = chosenUrls().length === 0;
  }
});

/** What the job did; a file that turned out to be protected brings the password field. */
function showOutcome(job) {
  const { message, kind } = downloadOutcome(job);
  if (job.results.some((result) => result.code === 'password_needed')) askPassword(message);
  showStatus(downloadStatus, message, kind);
}

load();
