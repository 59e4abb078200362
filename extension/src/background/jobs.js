// The life of a job: created in storage before anything is sent (so nothing is lost), sent
// to 1fichier, then followed until 1fichier has fetched every URL. Following survives the
// worker being stopped: an alarm wakes it up, and every start resumes the waiting jobs.
import { ext } from '../lib/browser.js';
import { createClient, linkTools } from '../lib/client.js';
import { describeError, ExtensionError } from '../lib/errors.js';
import { isActive, JOBS_KEY, readJobs } from '../lib/jobs-store.js';
import { loadSettings } from '../lib/settings.js';
import { notifyFinished, notifySending, showBadge } from './feedback.js';

export const POLL_ALARM = 'poll-jobs';
const POLL_INTERVAL_MS = 3000; // while the worker is alive; the alarm covers the rest
const ALARM_PERIOD_MINUTES = 0.5; // Chrome's minimum for packed extensions
const MAX_KEPT_JOBS = 200; // the oldest finished jobs are dropped beyond this

let writes = Promise.resolve();

/** Read-modify-write of the job list, one at a time. `change(jobs)` mutates the list in place. */
function updateJobs(change) {
  const run = writes.then(async () => {
    const jobs = await readJobs();
    const result = await change(jobs);
    while (jobs.length > MAX_KEPT_JOBS) {
      const oldestFinished = jobs.findLastIndex((job) => !isActive(job));
      if (oldestFinished < 0) break;
      jobs.splice(oldestFinished, 1);
    }
    await ext.storage.local.set({ [JOBS_KEY]: jobs });
    showBadge(jobs);
    return result;
  });
  writes = run.catch(() => {});
  return run;
}

function patchJob(id, patch) {
  return updateJobs((jobs) => {
    const job = jobs.find((candidate) => candidate.id === id);
    if (job) Object.assign(job, typeof patch === 'function' ? patch(job) : patch, { updatedAt: Date.now() });
    return job && { ...job };
  });
}

function newJob(kind, urls, folder) {
  const now = Date.now();
  return {
    id: `${kind}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    kind, status: kind === 'upload' ? 'done' : 'sending', createdAt: now, updatedAt: now,
    urls, folder, remoteIds: [], pendingIds: [], results: [], error: null, seen: false,
  };
}

function isHttpUrl(text) {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Sends URLs into `folder` (default: the settings' default folder): 1fichier file links are
 * copied into the account (file/cp), every other URL is fetched by 1fichier (remote upload).
 * Returns the created jobs; their outcome arrives in storage and in notifications.
 */
export async function sendUrls(urls, folder) {
  const wanted = [...new Set(urls.map((url) => url.trim()).filter(Boolean))];
  if (wanted.length === 0) throw new ExtensionError('no_links');
  const invalid = wanted.find((url) => !isHttpUrl(url));
  if (invalid !== undefined) throw new ExtensionError('invalid_input', invalid);
  const settings = await loadSettings();
  const destination = folder ?? settings.defaultFolder;
  const { parseLink } = await linkTools();
  const copies = wanted.filter((url) => parseLink(url)?.kind === 'file');
  const fetches = wanted.filter((url) => !copies.includes(url));
  const jobs = [
    ...(fetches.length ? [newJob('remote', fetches, destination)] : []),
    ...(copies.length ? [newJob('copy', copies, destination)] : []),
  ];
  await updateJobs((all) => all.unshift(...jobs));
  if (settings.notifyOnSend) notifySending(jobs);
  await Promise.all(jobs.map((job) => runJob(job, settings)));
  return readJobs().then((all) => all.filter((job) => jobs.some((sent) => sent.id === job.id)));
}

async function runJob(job, settings) {
  try {
    const client = await createClient(settings);
    if (job.kind === 'copy') {
      const copied = await client.copyFiles(job.urls, job.folder.id);
      const results = job.urls.map((url) => {
        const copy = copied.files.find((file) => file.from === url);
        return { url, ok: Boolean(copy), link: copy?.to ?? null, message: '' };
      });
      await finish(job.id, results, null);
    } else {
      await sendRemote(job, client);
    }
  } catch (error) {
    await finish(job.id, [], describeError(error));
  }
}

async function sendRemote(job, client) {
  let sent;
  let failure = null;
  try {
    sent = await client.remoteUpload(job.urls, { folderId: job.folder.id });
  } catch (error) {
    // A long list goes out in several requests: the ones 1fichier accepted are followed.
    if (!error.details?.sent?.length) throw error;
    sent = error.details.sent;
    failure = { error: describeError(error), unsent: error.details.unsent };
  }
  const ids = sent.map((request) => request.id);
  const unsentResults = failure ? failure.unsent.map((url) => ({ url, ok: false, link: null, message: failure.error.message })) : [];
  await patchJob(job.id, { status: 'waiting', remoteIds: ids, pendingIds: ids, results: unsentResults, error: failure?.error ?? null });
  schedulePoll();
}

async function finish(id, newResults, error) {
  const job = await patchJob(id, (current) => {
    const results = [...current.results, ...newResults];
    const okCount = results.filter((result) => result.ok).length;
    const status = error && okCount === 0 ? 'failed' : okCount === current.urls.length ? 'done' : okCount === 0 ? 'failed' : 'partial';
    return { status, results, pendingIds: [], error: error ?? current.error };
  });
  const settings = await loadSettings();
  if (job && (settings.notifyOnDone || job.status !== 'done')) notifyFinished(job);
}

let pollTimer;
let polling;

/** Follows the waiting jobs soon (timer while the worker lives, alarm as a backstop). */
export function schedulePoll(delay = POLL_INTERVAL_MS) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(pollJobs, delay);
  ext.alarms.create(POLL_ALARM, { periodInMinutes: ALARM_PERIOD_MINUTES });
}

/** Asks 1fichier about every waiting remote job once; finished ones get their results. */
export function pollJobs() {
  polling ??= pollOnce().finally(() => { polling = undefined; });
  return polling;
}

async function pollOnce() {
  clearTimeout(pollTimer);
  const waiting = (await readJobs()).filter((job) => job.status === 'waiting');
  if (waiting.length === 0) {
    await ext.alarms.clear(POLL_ALARM);
    return;
  }
  const settings = await loadSettings();
  for (const job of waiting) {
    try {
      const client = await createClient(settings);
      const finished = [];
      for (const id of job.pendingIds) {
        const remote = await client.remoteJob(id);
        if (remote.done) finished.push(remote);
      }
      if (finished.length === 0) continue;
      const results = finished.flatMap((remote) => remote.results.map((result) => ({
        url: result.url, ok: result.ok, link: result.downloadUrl, message: result.message,
      })));
      const pendingIds = job.pendingIds.filter((id) => !finished.some((remote) => remote.id === id));
      if (pendingIds.length === 0) await finish(job.id, results, null);
      else await patchJob(job.id, (current) => ({ pendingIds, results: [...current.results, ...results] }));
    } catch (error) {
      // Flood locks, network trouble, timeouts and 5xx pass: the next poll asks again.
      if (!error.retryable) await finish(job.id, [], describeError(error));
    }
  }
  schedulePoll();
}

/**
 * Runs at every start of the worker. A job still 'sending' was cut off with its request in
 * flight: 1fichier may or may not have received it, and sending again could fetch twice, so
 * it is marked failed ('interrupted') for the user to retry. Waiting jobs are followed again.
 */
export async function resumeJobs() {
  const cut = await updateJobs((jobs) => jobs.filter((job) => job.status === 'sending').map((job) => {
    Object.assign(job, { status: 'failed', error: describeError(new ExtensionError('interrupted')), updatedAt: Date.now() });
    return { ...job };
  }));
  cut.forEach(notifyFinished);
  await pollJobs();
}

/** Sends a failed or partial job's failed URLs again, as new jobs; the old entry goes. */
export async function retryJob(jobId) {
  const job = (await readJobs()).find((candidate) => candidate.id === jobId);
  if (!job || isActive(job) || job.kind === 'upload') throw new ExtensionError('internal', 'This job cannot be retried.');
  const failedUrls = job.urls.filter((url) => !job.results.some((result) => result.url === url && result.ok));
  const jobs = await sendUrls(failedUrls, job.folder);
  await updateJobs((all) => {
    const index = all.findIndex((candidate) => candidate.id === jobId);
    if (index >= 0) all.splice(index, 1);
  });
  return jobs;
}

export const removeJob = (jobId) => updateJobs((jobs) => {
  const index = jobs.findIndex((job) => job.id === jobId && !isActive(job));
  if (index >= 0) jobs.splice(index, 1);
});

export const clearFinished = () => updateJobs((jobs) => {
  const active = jobs.filter(isActive);
  jobs.splice(0, jobs.length, ...active);
});

/** The popup was looked at: finished jobs no longer raise the "!" badge (running ones still may). */
export const markSeen = () => updateJobs((jobs) => jobs.forEach((job) => { if (!isActive(job)) job.seen = true; }));

/** Files uploaded from the upload page join the list, so the popup shows their links too. */
export async function recordUpload(folder, links) {
  const job = newJob('upload', links.map((link) => link.filename), folder);
  job.results = links.map((link) => ({ url: link.filename, ok: true, link: link.url, message: '' }));
  job.seen = true;
  await updateJobs((jobs) => jobs.unshift(job));
  return job;
}

/** Refreshes the badge from storage (after a restart the badge text is gone). */
export const refreshBadge = async () => showBadge(await readJobs());
