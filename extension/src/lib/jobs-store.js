// The job list lives in storage.local under `jobs`, newest first, so it survives the worker
// being stopped and the browser restarting. Only the background writes it (see
// background/jobs.js); pages read it and follow its changes.
import { ext } from './browser.js';

export const JOBS_KEY = 'jobs';

/**
 * @typedef {'sending' | 'waiting' | 'done' | 'partial' | 'failed'} JobStatus
 *   sending: the request is on its way · waiting: 1fichier accepted it and fetches the URLs ·
 *   done: every URL/file is in the account · partial: some failed · failed: none made it.
 * @typedef {{ url: string, ok: boolean, link: string | null, message: string }} JobResult
 * @typedef {{
 *   id: string, kind: 'remote' | 'copy' | 'upload', status: JobStatus,
 *   createdAt: number, updatedAt: number, urls: string[], folder: { id: number, name: string },
 *   pendingIds: number[], results: JobResult[],
 *   error: { code: string, message: string } | null, seen: boolean,
 * }} Job
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
