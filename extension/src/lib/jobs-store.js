// The job list lives in storage.local under `jobs`, newest first, so it survives the worker
// being stopped and the browser restarting. Only the background writes it (see
// background/jobs.js); pages read it and follow its changes.
import { ext } from './browser.js';

export const JOBS_KEY = 'jobs';

/**
 * @typedef {'sending' | 'waiting' | 'done' | 'partial' | 'failed'} JobStatus
 *   sending: the request is on its way · waiting: 1fichier accepted it and fetches the URLs ·
 *   done: every URL/file is in the account (a download: handed to the browser) · partial: some
 *   failed · failed: none made it.
 * @typedef {{ url: string, ok: boolean, link: string | null, message: string, name?: string, code?: string }} JobResult
 *   url: what was sent (a source URL, a 1fichier link to copy or download, an uploaded file's
 *   name) · link: the 1fichier link of the result · name: a downloaded file's name · code: why a
 *   download failed (the error code).
 * @typedef {{
 *   id: string, kind: 'remote' | 'copy' | 'upload' | 'download', status: JobStatus,
 *   createdAt: number, updatedAt: number, urls: string[],
 *   folder: { id: number, name: string } | null,
 *   pendingIds: number[], results: JobResult[], uncertain?: string[],
 *   error: { code: string, message: string } | null, seen: boolean, alreadyAtFichier?: boolean,
 * }} Job
 *   uncertain: URLs whose request broke after it went out (a network error or a timeout, or
 *   the browser stopping): 1fichier may have received them, so they are sent again only when
 *   the user asks for it after a warning. Absent from jobs stored by 0.1.0.
 *   folder: where the files go in the account; null for downloads (they go to this computer).
 *   alreadyAtFichier: the job follows remote jobs 1fichier already had when the user asked to
 *   send uncertain URLs again (found with remote/ls and remote/info): nothing was sent twice.
 */

const ACTIVE_STATUSES = ['sending', 'waiting'];
export const isActive = (job) => ACTIVE_STATUSES.includes(job.status);

/** @returns {Promise<Job[]>} */
export async function readJobs() {
  const { [JOBS_KEY]: jobs } = await ext.storage.local.get(JOBS_KEY);
  return Array.isArray(jobs) ? jobs : [];
}

/** Calls `listener(jobs)` on every change of the job list. */
export function onJobsChanged(listener) {
  ext.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && JOBS_KEY in changes) listener(changes[JOBS_KEY].newValue ?? []);
  });
}

/** The URLs of `job` that 1fichier may already have received (see Job.uncertain). */
export const uncertainUrls = (job) => (Array.isArray(job.uncertain) ? job.uncertain : []);

/**
 * What a retry of a finished job may send again. `safe`: the failed results' URLs and the URLs
 * 1fichier never answered for (cut off, stalled), which a Retry sends at once. `uncertain`: the
 * URLs that may already be at 1fichier, offered only with a warning (a second request could
 * make 1fichier fetch or copy them twice). Both empty for running jobs and uploads.
 * @returns {{ safe: string[], uncertain: string[] }}
 */
export function retryPlan(job) {
  if (!['failed', 'partial'].includes(job.status) || job.kind === 'upload') return { safe: [], uncertain: [] };
  const uncertain = uncertainUrls(job);
  const answered = new Set(job.results.map((result) => result.url));
  const failed = job.results.filter((result) => !result.ok).map((result) => result.url);
  const unanswered = job.urls.filter((url) => !answered.has(url));
  const safe = [...new Set([...failed, ...unanswered])].filter((url) => !uncertain.includes(url));
  return { safe, uncertain };
}
