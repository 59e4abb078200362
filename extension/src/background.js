// The extension's background (service worker on Chrome, background script on Firefox). It only
// wires events to the modules in background/: every listener is registered synchronously here,
// at the top level, so an event that wakes the worker finds its listener; the wasm loads
// lazily inside the handlers.

import { inspectLink } from './background/downloads.js';
import {
  clearFinished,
  markSeen,
  POLL_ALARM,
  pollJobs,
  recordUpload,
  removeJob,
  resumeJobs,
  retryJob,
  sendUrls,
  startDownloads,
} from './background/jobs.js';
import { handleMenuClick, menus, rebuildMenus, updateSelectionTitle } from './background/menus.js';
import { handleNotificationButton, handleNotificationClick } from './background/notification-actions.js';
import { openLinkPicker } from './background/page-links.js';
import { handleCommand } from './background/shortcut.js';
import { ext } from './lib/browser.js';
import { describeError } from './lib/errors.js';
import { messageListener } from './lib/messages.js';
import { onSettingsChanged } from './lib/settings.js';

ext.runtime.onInstalled.addListener(rebuildMenus);
ext.runtime.onStartup.addListener(rebuildMenus);
onSettingsChanged(rebuildMenus);

menus?.onClicked.addListener(handleMenuClick); // no menus on Firefox for Android
menus?.onShown?.addListener(updateSelectionTitle);
ext.commands?.onCommand.addListener(handleCommand);
ext.alarms.onAlarm.addListener((alarm) => alarm.name === POLL_ALARM && pollJobs());
ext.notifications.onClicked.addListener(handleNotificationClick);
ext.notifications.onButtonClicked?.addListener(handleNotificationButton);

ext.runtime.onMessage.addListener(
  messageListener(
    {
      'send-urls': ({ urls, folder }) => sendUrls(urls, folder),
      'retry-job': ({ jobId, includeUncertain }) => retryJob(jobId, { includeUncertain }),
      'remove-job': ({ jobId }) => removeJob(jobId),
      'clear-finished': () => clearFinished(),
      'mark-seen': () => markSeen(),
      'record-upload': ({ folder, files }) => recordUpload(folder, files),
      'inspect-link': ({ url, password }) => inspectLink(url, password),
      'download-files': ({ urls, password }) => startDownloads(urls, { password }),
      'pick-page-links': async ({ tabId }) => openLinkPicker(await ext.tabs.get(tabId)),
    },
    describeError,
  ),
);

// Tests drive the menu, the shortcut and notification buttons exactly as the browser does (a
// test can open no native context menu, press no browser-level shortcut, click no notification).
self.handleMenuClick = handleMenuClick;
self.handleCommand = handleCommand;
self.handleNotificationButton = handleNotificationButton;

// Every start of the worker: pick up jobs a stopped worker left behind, restore the badge.
resumeJobs().catch((error) => console.error('Send to 1fichier: resuming jobs failed', error));
