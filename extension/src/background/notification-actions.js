// What a click on a notification does: the notification itself opens the job list (the only
// action Firefox offers); Chrome's buttons copy or open the new link, or retry a failure.
import { ext } from '../lib/browser.js';
import { readJobs } from '../lib/jobs-store.js';
import { copyToClipboard } from './clipboard.js';
import { jobIdOfNotification, notificationButtons } from './feedback.js';
import { retryJob } from './jobs.js';

/** The job list as a full tab (the popup page, which highlights `jobId`). */
function openJobs(jobId) {
  const hash = jobId ? `#${encodeURIComponent(jobId)}` : '';
  return ext.tabs.create({ url: ext.runtime.getURL(`pages/popup.html?view=tab${hash}`) });
}

export function handleNotificationClick(notificationId) {
  ext.notifications.clear(notificationId);
  return openJobs(jobIdOfNotification(notificationId));
}

/** The `notifications.onButtonClicked` listener (also `self.handleNotificationButton` for tests). */
export async function handleNotificationButton(notificationId, buttonIndex) {
  ext.notifications.clear(notificationId);
  const jobId = jobIdOfNotification(notificationId);
  const job = (await readJobs()).find((candidate) => candidate.id === jobId);
  const links = job ? job.results.filter((result) => result.ok).map((result) => result.link) : [];
  switch (job && notificationButtons(job)[buttonIndex]) {
    case 'copy':
      return copyToClipboard(links.join('\n'));
    case 'open':
      return ext.tabs.create({ url: links[0] });
    case 'retry':
      return retryJob(job.id);
    default:
      return openJobs(jobId);
  }
}
