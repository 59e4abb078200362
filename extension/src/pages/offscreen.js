// Writes text to the clipboard for the service worker. An offscreen document never has focus,
// which navigator.clipboard requires, so the copy goes through a selected textarea.
import { ext } from '../lib/browser.js';
import { describeError } from '../lib/errors.js';
import { messageListener } from '../lib/messages.js';

const area = document.getElementById('text');

ext.runtime.onMessage.addListener(
  messageListener(
    {
      'copy-to-clipboard': ({ text }) => {
        area.value = text;
        area.select();
        if (!document.execCommand('copy')) throw new Error('The browser refused to copy.');
      },
    },
    describeError,
  ),
);
