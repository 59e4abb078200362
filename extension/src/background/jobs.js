// The life of a job: created in storage before anything is sent (so nothing is lost), sent
// to 1fichier, then followed until 1fichier has fetched every URL. Following survives the
// worker being stopped: an alarm wakes it up, and every start resumes the waiting jobs.
import { ext } from '../lib/browser.js';
import { createClient, linkTools } from '../lib/client.js';
import { describeError, ExtensionError } from '../lib/errors.js';
import { isActive, JOBS_KEY, readJobs, retryPlan, uncertainUrls } from '../lib/jobs-store.js';
import { sameFile, splitByDestination } from '../lib/links.js';
import { loadSettings } from '../lib/settings.js';
import { isHttpUrl } from '../lib/urls.js';
import { downloadFiles } from './downloads.js';
import { notifyFinished, notifySending, showBadge } from './feedback.js';
import { FLOOD_PAUSE_MS, isStalled, nextPollDelay, POLL_STEPS } from './poll-schedule.js';

export const POLL_ALARM = 'poll-jobs';
const MIN_ALARM_DELAY_MS = 30_000; // Chrome's minimum for packed extensions
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
    kind,
    status: kind === 'upload' ? 'done' : 'sending',
    createdAt: now,
    updatedAt: now,
    urls,
    folder,
    pendingIds: [],
    results: [],
    uncertain: [],
    error: null,
    seen: false,
  };
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
  const { copies, fetches } = splitByDestination(wanted, await linkTools());
  const jobs = [
    ...(fetches.length ? [newJob('remote', fetches, destination)] : []),
    ...(copies.length ? [newJob('copy', copies, destination)] : []),
  ];
  await updateJobs((all) => all.unshift(...jobs));
  if (settings.notifyOnSend) notifySending(jobs);
  await Promise.all(jobs.map((job) => runJob(job, settings)));
  return readJobs().then((all) => all.filter((job) => jobs.some((sent) => sent.id === job.id)));
}

/**
 * Downloads 1fichier file links with the user's Premium (see background/downloads.js), as one
 * job: each file's result joins it as its download starts, so a long folder shows its progress.
 * The password is used for these files only, never stored.
 */
export async function startDownloads(urls, { password = '' } = {}) {
  const wanted = [...new Set(urls.map((url) => url.trim()).filter(Boolean))];
  if (wanted.length === 0) throw new ExtensionError('no_links');
  const { parseLink } = await linkTools();
  const notFile = wanted.find((url) => parseLink(url)?.kind !== 'file');
  if (notFile !== undefined) throw new ExtensionError('not_a_file', notFile);
  const job = newJob('download', wanted, null);
  await updateJobs((all) => all.unshift(job));
  const report = ({ url, ok, name = '', error }) =>
    patchJob(job.id, (current) => ({
      results: [
        ...current.results,
        error ? { url, ok, link: null, ...describeError(error) } : { url, ok, link: null, name, message: '' },
      ],
    }));
  try {
    await downloadFiles(wanted, password, report);
    await finish(job.id, [], null);
  } catch (error) {
    await finish(job.id, [], describeError(error));
  }
  return readJobs().then((all) => all.filter((candidate) => candidate.id === job.id));
}

async function runJob(job, settings) {
  try {
    const client = await createClient(settings);
    if (job.kind === 'copy') {
      const copied = await client.copyFiles(job.urls, { folderId: job.folder.id });
      // The client sends links in their canonical form (https, no &af=…), and 1fichier answers
      // with that form: match by file, not by the text the user clicked.
      const tools = await linkTools();
      const results = job.urls.map((url) => {
        const copy = copied.files.find((file) => sameFile(url, file.sourceUrl, tools));
        return { url, ok: Boolean(copy), link: copy?.url ?? null, message: '' };
      });
      await finish(job.id, results, null);
    } else {
      await sendRemote(job, client);
    }
  } catch (error) {
    await finish(job.id, [], describeError(error));
  }
}

/**
 * A long list goes out in several requests. When one fails, the client tells three kinds of
 * URLs apart: `sent` (accepted: their jobs are followed), `uncertain` (the failed request may
 * have reached 1fichier: kept apart, sent again only if the user insists) and `unsent`
 * (certainly not sent: failures a Retry sends again).
 */
async function sendRemote(job, client) {
  let sent;
  let failure = null;
  try {
    sent = await client.remoteUpload(job.urls, { folderId: job.folder.id });
  } catch (error) {
    // No details: the call was refused before anything went out (a bad URL).
    const { sent: accepted = [], uncertain = [], unsent = job.urls } = error.details ?? {};
    sent = accepted;
    failure = { error: describeError(error), uncertain, unsent };
  }
  if (sent.length === 0) return finish(job.id, [], failure.error, failure.uncertain);
  const ids = sent.map((request) => request.id);
  const unsentResults = failure
    ? failure.unsent.map((url) => ({ url, ok: false, link: null, message: failure.error.message }))
    : [];
  await patchJob(job.id, {
    status: 'waiting',
    pendingIds: ids,
    results: unsentResults,
    uncertain: failure?.uncertain ?? [],
    error: failure?.error ?? null,
  });
  schedulePoll();
}

async function finish(id, newResults, error, uncertain = []) {
  const job = await patchJob(id, (current) => {
    const results = [...current.results, ...newResults];
    const okCount = results.filter((result) => result.ok).length;
    const status = okCount === current.urls.length ? 'done' : okCount === 0 ? 'failed' : 'partial';
    return {
      status,
      results,
      pendingIds: [],
      uncertain: [...new Set([...uncertainUrls(current), ...uncertain])],
      error: error ?? current.error,
    };
  });
  const settings = await loadSettings();
  if (job && (settings.notifyOnDone || job.status !== 'done')) notifyFinished(job);
}

let pollTimer;
let polling;

/** Follows the waiting jobs after `delay` (a timer while the worker lives, an alarm as a backstop). */
function schedulePoll(delay = POLL_STEPS[0].everyMs) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(pollJobs, delay);
  ext.alarms.create(POLL_ALARM, { when: Date.now() + Math.max(delay, MIN_ALARM_DELAY_MS) });
}

/** Asks 1fichier about every waiting remote job once; finished ones get their results. */
export function pollJobs() {
  polling ??= pollOnce().finally(() => {
    polling = undefined;
  });
  return polling;
}

/**
 * One cycle: one `remote/ls` tells which of the account's jobs have run, and only those (and
 * any the list does not show) are asked for their results with `remote/info`. Twenty waiting
 * jobs cost one call a cycle, not twenty.
 */
async function pollOnce() {
  clearTimeout(pollTimer);
  const settings = await loadSettings();
  const waiting = [];
  for (const job of (await readJobs()).filter((candidate) => candidate.status === 'waiting')) {
    if (isStalled(job, Date.now())) await finish(job.id, [], describeError(new ExtensionError('stalled')));
    else waiting.push(job);
  }
  // Network trouble, timeouts and 5xx pass: the next poll asks again. A flood lock pauses
  // polling. Anything else ends what it concerns: every waiting job when the list itself
  // fails (a revoked key…), one job when its own remote job does (purged at 1fichier…).
  const settle = async (error, jobs) => {
    if (error.code === 'flood') return true;
    if (!error.retryable) for (const job of jobs) await finish(job.id, [], describeError(error));
    return false;
  };
  let client;
  let listed = new Map();
  if (waiting.length > 0) {
    try {
      client = await createClient(settings);
      listed = new Map((await client.remoteJobs()).map((remote) => [remote.id, remote.done]));
    } catch (error) {
      if (await settle(error, waiting)) return schedulePoll(FLOOD_PAUSE_MS);
      client = undefined;
    }
  }
  for (const job of client ? waiting : []) {
    try {
      await pollJob(job, client, (id) => listed.get(id) ?? true);
    } catch (error) {
      if (await settle(error, [job])) return schedulePoll(FLOOD_PAUSE_MS);
    }
  }
  const left = (await readJobs()).filter((job) => job.status === 'waiting');
  if (left.length > 0) schedulePoll(nextPollDelay(left, Date.now()));
  else await ext.alarms.clear(POLL_ALARM);
}

/** Collects the results of the job's remote jobs that `mayBeDone` (by the list) and have run. */
async function pollJob(job, client, mayBeDone) {
  const finished = [];
  for (const id of job.pendingIds.filter(mayBeDone)) {
    const remote = await client.remoteJob(id);
    if (remote.done) finished.push(remote);
  }
  if (finished.length === 0) return;
  // A remote job found by a lookup may hold other URLs than this job's: only its own count.
  const results = finished.flatMap((remote) =>
    remote.results
      .filter((result) => job.urls.includes(result.sourceUrl))
      .map((result) => ({
        url: result.sourceUrl,
        ok: result.ok,
        link: result.url,
        message: result.message,
      })),
  );
  const pendingIds = job.pendingIds.filter((id) => !finished.some((remote) => remote.id === id));
  if (pendingIds.length === 0) await finish(job.id, results, null);
  else await patchJob(job.id, (current) => ({ pendingIds, results: [...current.results, ...results] }));
}

/**
 * Runs at every start of the worker (its job-list write also restores the badge, whose text a
 * restart loses). A job still 'sending' was cut off with its request in flight: 1fichier may or
 * may not have received it, and sending again could fetch twice, so it is marked failed
 * ('interrupted') with every URL uncertain: the user may send them again after a warning (a
 * cut download is simply failed: asking for it again is harmless). Waiting jobs are followed again.
 */
export async function resumeJobs() {
  const cut = await updateJobs((jobs) =>
    jobs
      .filter((job) => job.status === 'sending')
      .map((job) => {
        Object.assign(job, {
          status: 'failed',
          // A download asked for twice costs nothing; a fetch or copy could happen twice.
          uncertain: job.kind === 'download' ? [] : [...job.urls],
          error: describeError(new ExtensionError('interrupted')),
          updatedAt: Date.now(),
        });
        return { ...job };
      }),
  );
  cut.forEach(notifyFinished);
  await pollJobs();
}

/** How many of 1fichier's newest remote jobs a lookup reads (one remote/info each, paced). */
const LOOKUP_LIMIT = 10;

/**
 * Whether a remote job may have been requested after `since` (the failed job's `createdAt`).
 * 1fichier writes dates without a zone (Paris time, the fact base says), so one read as UTC is
 * at most a few hours off: only jobs requested well before `since` are ruled out, which keeps
 * an older send of the same URL from passing for this one. An unreadable date counts as recent.
 */
function requestedSince(remote, since) {
  const read = Date.parse(`${String(remote.requestedAt).replace(' ', 'T')}Z`);
  return Number.isNaN(read) || read >= since - 3 * 3_600_000;
}

/**
 * Which of `urls` 1fichier already has: its newest remote jobs (remote/ls) that no job here is
 * following, read one by one (remote/info) until every URL is found or LOOKUP_LIMIT were read.
 * Returns url → remote job id.
 */
async function findAtFichier(client, urls, followed, since) {
  const found = new Map();
  const candidates = (await client.remoteJobs())
    .filter((remote) => !followed.has(remote.id) && requestedSince(remote, since))
    .sort((a, b) => b.id - a.id)
    .slice(0, LOOKUP_LIMIT);
  for (const candidate of candidates) {
    if (found.size === urls.length) break;
    const remote = await client.remoteJob(candidate.id);
    for (const url of remote.sourceUrls) if (urls.includes(url) && !found.has(url)) found.set(url, remote.id);
  }
  return found;
}

/**
 * Sends a failed or partial job's URLs again, as new jobs (see retryPlan): the safe ones, and
 * the uncertain ones only with `includeUncertain` (the user saw the warning and insists). The
 * uncertain ones are first looked up at 1fichier: one it already has is followed as its
 * existing job (a new job marked `alreadyAtFichier`), never sent twice; only the others go out.
 * What is sent leaves the old entry first, so a second click (popup and job tab) finds nothing
 * to resend; the entry goes once nothing is left to retry, else it keeps the uncertain URLs and
 * their warning. If sending fails at once, the old entry comes back as it was.
 */
export async function retryJob(jobId, { includeUncertain = false } = {}) {
  const stored = await readJobs();
  const current = stored.find((candidate) => candidate.id === jobId);
  if (!current) return [];
  let found = new Map();
  const { uncertain: maybeSent } = retryPlan(current);
  if (includeUncertain && maybeSent.length > 0 && current.kind === 'remote') {
    const followed = new Set(stored.flatMap((job) => job.pendingIds ?? []));
    found = await findAtFichier(await createClient(await loadSettings()), maybeSent, followed, current.createdAt);
  }
  let resend = [];
  const job = await updateJobs((jobs) => {
    const index = jobs.findIndex((candidate) => candidate.id === jobId);
    if (index < 0) return null;
    const { safe, uncertain } = retryPlan(jobs[index]);
    resend = includeUncertain ? [...safe, ...uncertain] : safe;
    if (resend.length === 0) return null;
    const original = jobs[index];
    if (resend.length === safe.length + uncertain.length) jobs.splice(index, 1);
    else jobs[index] = withoutUrls(original, resend);
    if (found.size > 0) {
      const attached = newJob('remote', [...found.keys()], original.folder);
      Object.assign(attached, { status: 'waiting', pendingIds: [...new Set(found.values())], alreadyAtFichier: true });
      jobs.unshift(attached);
    }
    return original;
  });
  if (!job) return [];
  if (found.size > 0) schedulePoll(0);
  const toSend = resend.filter((url) => !found.has(url));
  try {
    const again = job.kind === 'download' ? startDownloads : (urls) => sendUrls(urls, job.folder);
    const sent = toSend.length > 0 ? await again(toSend) : [];
    const attached = (await readJobs()).filter(
      (candidate) => candidate.alreadyAtFichier && found.has(candidate.urls[0]),
    );
    return [...attached, ...sent];
  } catch (error) {
    // Back as it was, but for the URLs now followed as 1fichier's own jobs.
    const restored = found.size > 0 ? withoutUrls(job, [...found.keys()]) : job;
    await updateJobs((jobs) => {
      const index = jobs.findIndex((candidate) => candidate.id === job.id);
      if (index >= 0) jobs[index] = restored;
      else jobs.unshift(restored);
    });
    throw error;
  }
}

/** What is left of `job` once `urls` are sent again elsewhere: still failed or partial. */
function withoutUrls(job, urls) {
  const left = (url) => !urls.includes(url);
  const results = job.results.filter((result) => left(result.url));
  return {
    ...job,
    urls: job.urls.filter(left),
    uncertain: uncertainUrls(job).filter(left),
    results,
    status: results.some((result) => result.ok) ? 'partial' : 'failed',
    updatedAt: Date.now(),
  };
}

export const removeJob = (jobId) =>
  updateJobs((jobs) => {
    const index = jobs.findIndex((job) => job.id === jobId && !isActive(job));
    if (index >= 0) jobs.splice(index, 1);
  });

/** "Clear finished": the jobs that are done go; running ones and failures stay. */
export const clearFinished = () =>
  updateJobs((jobs) => {
    // Failures stay: they hold what to retry and why.
    const kept = jobs.filter((job) => isActive(job) || ['failed', 'partial'].includes(job.status));
    jobs.splice(0, jobs.length, ...kept);
  });

/** The popup was looked at: finished jobs no longer raise the "!" badge (running ones still may). */
export const markSeen = () =>
  updateJobs((jobs) =>
    jobs.forEach((job) => {
      if (!isActive(job)) job.seen = true;
    }),
  );

/** Files uploaded from the upload page join the list, so the popup shows their links too. */
export async function recordUpload(folder, files) {
  const job = newJob(
    'upload',
    files.map((file) => file.name),
    folder,
  );
  job.results = files.map((file) => ({ url: file.name, ok: true, link: file.url, message: '' }));
  job.seen = true;
  await updateJobs((jobs) => jobs.unshift(job));
  return job;
}
