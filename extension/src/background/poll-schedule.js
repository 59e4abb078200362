// When to ask 1fichier again about waiting remote jobs. It exposes no progress, only "not run
// yet" or the results, so the age of the jobs sets the pace: small files arrive within
// seconds, big ones take hours, and asking too often only invites flood locks.

/** Poll intervals by the age of the youngest waiting job. */
export const POLL_STEPS = [
  { youngerThanMs: 2 * 60_000, everyMs: 3_000 },
  { youngerThanMs: 30 * 60_000, everyMs: 30_000 },
  { youngerThanMs: Infinity, everyMs: 5 * 60_000 },
];
/** After a flood lock, leave 1fichier alone for a while: polling again would prolong the lock. */
export const FLOOD_PAUSE_MS = 60_000;
/** A job 1fichier has not run after this long is given up (it reports no failure by itself). */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/** The delay before the next poll of `waitingJobs` at time `now`. */
export function nextPollDelay(waitingJobs, now) {
  const youngestAge = Math.min(...waitingJobs.map((job) => now - job.createdAt));
  return POLL_STEPS.find((step) => youngestAge < step.youngerThanMs).everyMs;
}

export const isStalled = (job, now) => now - job.createdAt > GIVE_UP_AFTER_MS;
