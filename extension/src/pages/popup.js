// The toolbar popup (and, with ?view=tab, the job list as a tab opened from notifications):
// send the current page or pasted links, follow every job, copy the resulting links.
import { ext } from '../lib/browser.js';
import { linkTools } from '../lib/client.js';
import { ExtensionError } from '../lib/errors.js';
import { folderLabel, plural, t } from '../lib/i18n.js';
import { isActive, onJobsChanged, readJobs, retryPlan } from '../lib/jobs-store.js';
import { readPasted } from '../lib/links.js';
import {
  clearFinished,
  downloadFiles,
  markSeen,
  pickPageLinks,
  removeJob,
  retryJob,
  sendUrls,
} from '../lib/messages.js';
import {
  $,
  downloadOutcome,
  errorText,
  fillFolderSelect,
  followSettings,
  h,
  initPage,
  linkWithCopy,
  selectedFolder,
  sendOutcome,
  showMissingKey,
  showStatus,
} from './shared.js';

const isTab = new URLSearchParams(location.search).get('view') === 'tab';
const folderSelect = $('folder');
const urlsInput = $('urls');
const sendStatus = $('send-status');
const jobsStatus = $('jobs-status');
const jobList = $('jobs');
const TIME_REFRESH_MS = 30_000;

/** The job to scroll to and highlight (tab opened from a notification). */
const highlightedJobId = isTab && location.hash ? decodeURIComponent(location.hash.slice(1)) : null;

document.body.classList.toggle('view-tab', isTab);
// In a tab, the "active tab" is this page itself: there is no other page to send or read.
$('send-page').hidden = isTab;
$('pick-links').hidden = isTab;
initPage();
followSettings((settings) => {
  fillFolderSelect(folderSelect, settings);
  showMissingKey(settings);
});

// --- Sending --------------------------------------------------------------------------------

$('open-upload').addEventListener('click', async () => {
  await ext.tabs.create({ url: ext.runtime.getURL('pages/upload.html') });
  if (!isTab) window.close();
});

$('send-page').addEventListener('click', async () => {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  if (tab?.url) send([tab.url]);
  else showStatus(sendStatus, errorText(new ExtensionError('no_links')), 'error');
});

/** The 1fichier file and folder links of the pasted text, which may be downloaded. */
let pastedDownloads = { files: [], folders: [] };

/** "Send the links of this page…": the background reads the tab (this click allows it) and opens the picker. */
$('pick-links').addEventListener('click', async () => {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  try {
    await pickPageLinks(tab?.id ?? -1);
    window.close();
  } catch (error) {
    showStatus(sendStatus, errorText(error), 'error');
  }
});

/** The links found in the pasted text, counted as it is typed, before anything is sent. */
async function summarisePaste() {
  const text = urlsInput.value;
  const tools = await linkTools();
  const { links } = readPasted(text, tools);
  // The text may have changed while the wasm loaded: only the latest count is shown.
  if (urlsInput.value !== text) return;
  $('paste-summary').textContent = text.trim() ? plural('popupLinksFound', links.length) : '';
  const kindOf = (url) => tools.parseLink(url)?.kind;
  pastedDownloads = {
    files: links.filter((url) => kindOf(url) === 'file'),
    folders: links.filter((url) => kindOf(url) === 'folder'),
  };
  const count = pastedDownloads.files.length + pastedDownloads.folders.length;
  $('download-pasted').hidden = count === 0;
  $('download-pasted').textContent = `${t('popupDownload')} (${count})`;
}

/** Whether downloads may start from here (asked once, in the download page). */
let mayDownload = false;
ext.permissions.contains({ permissions: ['downloads'] }).then((granted) => {
  mayDownload = granted;
});

/**
 * Pasted 1fichier links → the user's Premium download. Files start from here when the browser
 * already allows downloads; otherwise (and for folders, whose files are chosen) the download
 * page opens: a permission prompt would close this popup in Firefox.
 */
$('download-pasted').addEventListener('click', async () => {
  const { files, folders } = pastedDownloads;
  if (mayDownload && folders.length === 0) {
    showStatus(sendStatus, t('downloadStarting'));
    try {
      const { message, kind } = downloadOutcome((await downloadFiles(files))[0]);
      showStatus(sendStatus, message, kind);
    } catch (error) {
      showStatus(sendStatus, errorText(error), 'error');
    }
    return;
  }
  const query = [...files, ...folders].map((url) => `url=${encodeURIComponent(url)}`).join('&');
  await ext.tabs.create({ url: ext.runtime.getURL(`pages/download.html?${query}`) });
  if (!isTab) window.close();
});
urlsInput.addEventListener('input', () => summarisePaste());

/** Lists what the text held that cannot be sent, each with why. */
function showRejected(rejected) {
  $('rejected').replaceChildren(
    ...rejected.map((word) => h('li', {}, h('code', {}, word), ` — ${t('popupRejectedScheme')}`)),
  );
}

$('send-urls').addEventListener('click', async (event) => {
  // Held from the first click: loading the link reader takes a moment the first time.
  if (event.currentTarget.disabled) return;
  event.currentTarget.disabled = true;
  try {
    await sendPasted();
  } finally {
    $('send-urls').disabled = false;
  }
});

async function sendPasted() {
  const { links, rejected } = readPasted(urlsInput.value, await linkTools());
  showRejected(rejected);
  if (links.length === 0) {
    showStatus(sendStatus, rejected.length ? t('popupRejectedScheme') : t('popupNoLinksFound'), 'error');
    return;
  }
  // The text keeps what 1fichier certainly does not have: a failure loses nothing, and sending
  // again repeats nothing that went out (URLs 1fichier may have are in the job list, with
  // their warning); what cannot be sent stays too, listed with its reason. When nothing went
  // out, the text stays as typed.
  const unsent = await send(links);
  if (unsent.length < links.length) {
    urlsInput.value = [...unsent, ...rejected].join('\n');
    summarisePaste();
  }
}

/** Sends `urls` to the chosen folder; resolves to those that did not go out. */
async function send(urls) {
  const buttons = [$('send-page'), $('send-urls')];
  buttons.forEach((button) => {
    button.disabled = true;
  });
  showStatus(sendStatus, t('popupSending'));
  try {
    const { message, kind, unsent } = sendOutcome(await sendUrls(urls, selectedFolder(folderSelect)));
    showStatus(sendStatus, message, kind);
    return unsent;
  } catch (error) {
    showStatus(sendStatus, errorText(error), 'error');
    return urls;
  } finally {
    buttons.forEach((button) => {
      button.disabled = false;
    });
  }
}

// --- Jobs -----------------------------------------------------------------------------------

const language = ext.i18n.getUILanguage();
const relativeTime = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
const TIME_UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

function timeAgo(timestamp) {
  const elapsed = timestamp - Date.now();
  const [unit, size] = TIME_UNITS.find(([, length]) => Math.abs(elapsed) >= length) ?? TIME_UNITS.at(-1);
  return relativeTime.format(Math.round(elapsed / size), unit);
}

/** Rendered rows by job id, redrawn only when the job changed (keeps "Copied" and focus). */
const rendered = new Map();

function renderJobs(jobs) {
  const ids = new Set(jobs.map((job) => job.id));
  for (const [id, entry] of rendered) {
    if (!ids.has(id)) {
      entry.element.remove();
      rendered.delete(id);
    }
  }
  jobs.forEach((job, index) => {
    let entry = rendered.get(job.id);
    if (entry?.updatedAt !== job.updatedAt) {
      const element = jobElement(job);
      entry?.element.replaceWith(element);
      entry = { updatedAt: job.updatedAt, element };
      rendered.set(job.id, entry);
    }
    if (jobList.children[index] !== entry.element) jobList.insertBefore(entry.element, jobList.children[index] ?? null);
  });
  $('no-jobs').hidden = jobs.length > 0;
  $('clear-finished').disabled = !jobs.some((job) => !isActive(job));
}

function jobElement(job) {
  const [first, ...others] = job.urls;
  const classes = ['job', `status-${job.status}`, job.id === highlightedJobId && 'highlight'].filter(Boolean).join(' ');
  return h(
    'li',
    { className: classes, dataset: { jobId: job.id } },
    h(
      'div',
      { className: 'job-head' },
      h('span', { className: `job-kind kind-${job.kind}`, textContent: t(`jobKind_${job.kind}`) }),
      h('span', { className: 'job-status', textContent: t(`jobStatus_${job.status}`) }),
      h('time', {
        className: 'job-time',
        dateTime: new Date(job.createdAt).toISOString(),
        textContent: timeAgo(job.createdAt),
        dataset: { createdAt: String(job.createdAt) },
      }),
    ),
    h(
      'p',
      { className: 'job-source', title: job.urls.join('\n') },
      h('span', { className: 'job-url', textContent: first }),
      others.length > 0 &&
        h('span', { className: 'job-more', textContent: ` ${plural('jobMoreUrls', others.length)}` }),
    ),
    h(
      'div',
      { className: 'job-foot' },
      job.folder && h('span', { className: 'job-folder', textContent: t('jobFolder', folderLabel(job.folder)) }),
      jobActions(job),
    ),
    job.error && h('p', { className: 'job-error', textContent: job.error.message }),
    job.alreadyAtFichier && h('p', { className: 'job-note', textContent: t('jobAlreadyAtFichier') }),
    uncertainWarning(job),
    job.results.length > 0 &&
      h('ul', { className: 'job-results' }, ...job.results.map((result) => resultElement(result, job.urls.length > 1))),
  );
}

/**
 * The URLs 1fichier may already have: why Retry leaves them out, which they are, and the only
 * button that sends them again ("Send again anyway", with the job's other failures if any).
 */
function uncertainWarning(job) {
  const { uncertain } = retryPlan(job);
  if (uncertain.length === 0) return null;
  return h(
    'div',
    { className: 'job-warning' },
    h('p', { textContent: plural('jobUncertain', uncertain.length) }),
    job.urls.length > 1 &&
      h(
        'ul',
        { className: 'uncertain-urls' },
        ...uncertain.map((url) => h('li', { className: 'result-url', textContent: url })),
      ),
    h('button', { type: 'button', className: 'retry-uncertain', textContent: t('buttonRetryUncertain') }),
  );
}

function resultElement(result, showSource) {
  if (!result.ok) {
    return h(
      'li',
      { className: 'result failed' },
      showSource && h('span', { className: 'result-url', textContent: result.url }),
      h('span', { className: 'result-error', textContent: result.message || t('jobStatus_failed') }),
    );
  }
  return h(
    'li',
    { className: 'result ok' },
    showSource && h('span', { className: 'result-source', textContent: result.url }),
    result.link && h('span', { className: 'result-line' }, ...linkWithCopy(result.link, 'result-link')),
    result.name && h('span', { className: 'result-name', textContent: result.name }),
  );
}

/** Retry sends only the failures that are safe to send again (see uncertainWarning for the rest). */
function jobActions(job) {
  if (isActive(job)) return null;
  return h(
    'div',
    { className: 'job-actions' },
    retryPlan(job).safe.length > 0 &&
      h('button', { type: 'button', className: 'retry', textContent: t('buttonRetry') }),
    h('button', { type: 'button', className: 'remove', textContent: t('buttonRemove') }),
  );
}

jobList.addEventListener('click', async (event) => {
  const button = event.target.closest('button.retry, button.retry-uncertain, button.remove');
  if (!button) return;
  const { jobId } = button.closest('li.job').dataset;
  button.disabled = true;
  const action = {
    retry: () => retryJob(jobId),
    'retry-uncertain': () => retryJob(jobId, { includeUncertain: true }),
    remove: () => removeJob(jobId),
  }[button.className];
  try {
    await action();
    showStatus(jobsStatus, '');
  } catch (error) {
    showStatus(jobsStatus, errorText(error), 'error');
    button.disabled = false;
  }
});

$('clear-finished').addEventListener('click', async () => {
  try {
    await clearFinished();
    showStatus(jobsStatus, '');
  } catch (error) {
    showStatus(jobsStatus, errorText(error), 'error');
  }
});

setInterval(() => {
  for (const time of jobList.querySelectorAll('time.job-time'))
    time.textContent = timeAgo(Number(time.dataset.createdAt));
}, TIME_REFRESH_MS);

/** The user is looking at the list: failures shown here no longer need the "!" badge. */
function acknowledge(jobs) {
  if (jobs.some((job) => !job.seen && !isActive(job))) markSeen().catch(() => {});
}

onJobsChanged((jobs) => {
  renderJobs(jobs);
  acknowledge(jobs);
});
readJobs().then((jobs) => {
  renderJobs(jobs);
  markSeen().catch(() => {});
  const target = rendered.get(highlightedJobId)?.element;
  target?.scrollIntoView({ block: 'center' });
});
