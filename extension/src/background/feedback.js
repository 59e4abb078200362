// What the user sees of jobs outside the popup: the toolbar badge and system notifications.
// Chrome notifications get Copy/Open/Retry buttons; Firefox has no buttons, so a click on the
// notification opens the job list, where every link has a copy button.
import { ext, isFirefox } from '../lib/browser.js';
import { folderLabel, plural, t } from '../lib/i18n.js';
import { isActive, retryPlan, uncertainUrls } from '../lib/jobs-store.js';

const ICON = 'icons/icon-128.png';
const ACTIVE_COLOUR = '#1565c0';
const FAILURE_COLOUR = '#c62828';
/** Notification ids: `<prefix><job id>`, so a click knows its job. */
const NOTIFICATION_PREFIX = 'job:';

/** Badge: the number of jobs under way, or "!" while a failure has not been looked at. */
export function showBadge(jobs) {
  const active = jobs.filter(isActive).length;
  const unseenFailure = jobs.some((job) => ['failed', 'partial'].includes(job.status) && !job.seen);
  const text = active > 0 ? String(active) : unseenFailure ? '!' : '';
  ext.action.setBadgeText({ text });
  ext.action.setBadgeBackgroundColor({ color: active > 0 ? ACTIVE_COLOUR : FAILURE_COLOUR });
}

/**
 * Chrome's buttons on a finished job's notification, by index: copy the link(s), open the
 * only link, or retry a failure. Retry sends only what is safe to send again: URLs that
 * 1fichier may already have are offered in the job list, next to their warning. Firefox
 * notifications have no buttons.
 */
export function notificationButtons(job) {
  if (isFirefox) return [];
  if (job.status === 'done' && job.kind === 'download') return []; // the browser shows its downloads
  if (job.status === 'done') return job.results.length === 1 ? ['copy', 'open'] : ['copy'];
  return retryPlan(job).safe.length > 0 ? ['retry'] : [];
}

const BUTTON_TITLES = { copy: 'buttonCopyLink', open: 'buttonOpenLink', retry: 'buttonRetry' };

function notify(job, title, message, buttons = []) {
  const options = { type: 'basic', iconUrl: ext.runtime.getURL(ICON), title, message };
  if (buttons.length) options.buttons = buttons.map((button) => ({ title: t(BUTTON_TITLES[button]) }));
  return ext.notifications.create(NOTIFICATION_PREFIX + job.id, options);
}

/** Within a second of the click: what is being sent, and where. */
export function notifySending(jobs) {
  const count = jobs.reduce((sum, job) => sum + job.urls.length, 0);
  notify(jobs[0], plural('notifySendingTitle', count), t('notifySendingMessage', folderLabel(jobs[0].folder)));
}

/** The outcome: the new link(s), or the reason it failed. */
export function notifyFinished(job) {
  const links = job.results.filter((result) => result.ok).map((result) => result.link ?? result.name);
  const failures = job.results.filter((result) => !result.ok);
  if (job.status === 'done' && job.kind === 'download')
    return notify(job, plural('notifyDownloadingTitle', links.length), links.join('\n'));
  if (job.status === 'done') {
    const title =
      job.kind === 'copy' ? plural('notifyCopiedTitle', links.length) : plural('notifyDoneTitle', links.length);
    return notify(job, title, links.join('\n'), notificationButtons(job));
  }
  const reason = job.error?.message ?? failures[0]?.message ?? '';
  const title =
    job.status === 'partial' ? t('notifyPartialTitle', [links.length, job.urls.length]) : t('notifyFailedTitle');
  const uncertain = uncertainUrls(job).length;
  const message = [
    failures.length > 1 || !reason ? `${reason}\n${plural('failedUrls', failures.length)}`.trim() : reason,
    uncertain > 0 && plural('notifyUncertain', uncertain),
  ]
    .filter(Boolean)
    .join('\n');
  return notify(job, title, message, notificationButtons(job));
}

export function jobIdOfNotification(notificationId) {
  return notificationId.startsWith(NOTIFICATION_PREFIX) ? notificationId.slice(NOTIFICATION_PREFIX.length) : null;
}

/** A refusal before any job exists (nothing to send, a bad URL). */
export function notifyFailure({ message }) {
  const options = { type: 'basic', iconUrl: ext.runtime.getURL(ICON), title: t('notifyFailedTitle'), message };
  return ext.notifications.create(`error:${Date.now()}`, options);
}
