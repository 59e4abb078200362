// The keyboard shortcut (manifest `commands`): send the current tab's address.
import { ext } from '../lib/browser.js';
import { describeError, ExtensionError } from '../lib/errors.js';
import { notifyFailure } from './feedback.js';
import { sendUrls } from './jobs.js';

const SEND_TAB_COMMAND = 'send-current-tab';

/** The `commands.onCommand` listener (also `self.handleCommand` for tests). */
export async function handleCommand(command, tab) {
  if (command !== SEND_TAB_COMMAND) return [];
  try {
    const current = tab ?? (await ext.tabs.query({ active: true, currentWindow: true }))[0];
    if (!current?.url) throw new ExtensionError('no_links');
    return await sendUrls([current.url]);
  } catch (error) {
    // The browser's own pages (chrome://, about:) have no address 1fichier could fetch.
    notifyFailure(describeError(error));
    return [];
  }
}
