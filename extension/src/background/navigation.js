// What a click on a notification (or on one of its buttons) opens: the job list or the new link.
import { ext } from '../lib/browser.js';
import { readJobs } from '../lib/jobs-store.js';
import { jobIdOfNotification } from './feedback.js';

/** The job list as a full tab (the popup page, which highlights `jobId`). */
export function openJobs(jobId) {
  const hash = jobId ? `#${encodeURIComponent(jobId)}` : '';
  return ext.tabs.create({ url: ext.runtime.getURL(`pages/popup.html?view=tab${hash}`) });
}

export function handleNotificationClick(notificationId) {
  ext.notifications.clear(notificationId);
  return openJobs(jobIdOfNotification(notificationId));
}

/** Chrome's notification buttons: "Open link" (first link of a finished job), "Show jobs". */
export async function handleNotificationButton(notificationId, buttonIndex) {
  ext.notifications.clear(notificationId);
  const jobId = jobIdOfNotification(notificationId);
  const job = (await readJobs()).find((candidate) => candidate.id === jobId);
  const link = job?.status === 'done' ? job.results.find((result) => result.ok)?.link : null;
  if (buttonIndex === 0 && link) return ext.tabs.create({ url: link });
  return openJobs(jobId);
}
