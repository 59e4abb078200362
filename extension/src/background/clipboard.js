// Copying a link from a notification button (Chrome only: Firefox notifications have no
// buttons). A service worker has no clipboard, so an offscreen document does the copy.
import { ext } from '../lib/browser.js';
import { copyInOffscreenPage } from '../lib/messages.js';

const OFFSCREEN_PAGE = 'pages/offscreen.html';
let opening;

export async function copyToClipboard(text) {
  opening ??= ext.offscreen
    .hasDocument()
    .then(
      (open) =>
        open ||
        ext.offscreen.createDocument({
          url: OFFSCREEN_PAGE,
          reasons: ['CLIPBOARD'],
          justification: 'Copy the new 1fichier link to the clipboard.',
        }),
    )
    .finally(() => {
      opening = undefined;
    });
  await opening;
  await copyInOffscreenPage(text);
}
