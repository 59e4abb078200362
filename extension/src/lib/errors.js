// Every failure the user can meet, as a stable code and one translated sentence: the package's
// FichierError codes and the extension's own. A code is known by its `error_<code>` sentence in
// _locales, and tests/extension/unit.test.mjs checks that those sentences are exactly the
// package's ERROR_CODES and EXTENSION_CODES. ERROR_CODES itself is not imported here: it would
// bring the whole client into the popup and the offscreen page, which never call 1fichier.
import { t } from './i18n.js';

/** missing_key: no key saved · no_links: nothing to send · not_a_file: "Copy to my account" or
 * "Download" on a link that is not a 1fichier file (or folder) · interrupted: the browser
 * stopped while a request was on its way · stalled: 1fichier never ran a remote job ·
 * no_permission: the browser denies access to the API host · password_needed: a protected file
 * or folder, and no (or a wrong) password · downloads_refused: the user did not let the
 * extension download · page_unreadable: the browser does not let the extension read this page
 * (its own pages, stores) · internal: a bug. */
export const EXTENSION_CODES = [
  'missing_key',
  'no_links',
  'not_a_file',
  'interrupted',
  'stalled',
  'no_permission',
  'password_needed',
  'downloads_refused',
  'page_unreadable',
  'internal',
];
const MAX_DETAIL_LENGTH = 120; // a right-clicked data: URL can be megabytes long
const CODE_SHAPE = /^[a-z_]+$/;

/** A failure the extension itself detects. */
export class ExtensionError extends Error {
  constructor(code, detail = '') {
    super(code);
    this.name = 'ExtensionError';
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Any thrown value → { code, message } for the user. 1fichier's own text is added where it
 * says more than the code (an `api` refusal, a rejected input), never the API key, which no
 * error of the client carries.
 */
export function describeError(error) {
  const known =
    typeof error?.code === 'string' &&
    CODE_SHAPE.test(error.code) &&
    t(`error_${error.code}`) !== `error_${error.code}`;
  const code = known ? error.code : 'internal';
  let message = t(`error_${code}`);
  // One refusal code, several causes 1fichier tells apart in its text.
  if (code === 'forbidden' && /location/i.test(error.serverMessage ?? '')) message = t('errorDetail_location');
  const detail = error?.serverMessage || error?.detail || (code === 'invalid_input' ? error?.message : '');
  if (
    detail &&
    [
      'api',
      'invalid_input',
      'forbidden',
      'not_found',
      'no_links',
      'not_a_file',
      'no_permission',
      'premium_required',
    ].includes(code)
  ) {
    const shown = detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail;
    message = `${message} (${shown})`;
  }
  if (code === 'internal') console.error('Send to 1fichier: internal error', error);
  return { code, message };
}
