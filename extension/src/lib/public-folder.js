// 1fichier's public folder pages: the files of a folder someone shared (`/dir/<id>`), read
// from the website's JSON listing, since the API lists only the account's own folders (fact
// base §2.20). Pure but for `fetch`, so its rules run in plain Node tests too.
import { ExtensionError } from './errors.js';
import { isOfficialApi } from './settings.js';

/**
 * Where the folder's page is: on 1fichier.com for the real API, and at the API's own origin
 * for any other address (a local 1fichier serves its website pages next to its API).
 */
export function publicFolderPage(folderId, apiBase) {
  const origin = isOfficialApi(apiBase) ? 'https://1fichier.com' : new URL(apiBase).origin;
  return `${origin}/dir/${encodeURIComponent(folderId)}`;
}

/**
 * The files of a public folder: [{ url, name, size, hasPassword }]. A protected folder answers
 * its HTML password form instead of JSON, with no password as with a wrong one: both are
 * `password_needed`. The password goes in a POST form body, never in the URL.
 */
export async function listPublicFolder(folderId, { apiBase, password = '', fetch = globalThis.fetch }) {
  const page = publicFolderPage(folderId, apiBase);
  let response;
  try {
    response = password
      ? await fetch(page, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ json: '1', pass: password }).toString(),
        })
      : await fetch(`${page}?json=1`);
  } catch (cause) {
    throw Object.assign(new ExtensionError('network'), { cause });
  }
  if (response.status === 404) throw new ExtensionError('not_found');
  if (!response.ok) throw new ExtensionError(response.status >= 500 ? 'server' : 'api', `HTTP ${response.status}`);
  const text = await response.text();
  if (/<input[^>]+name=["']?pass\b/i.test(text)) throw new ExtensionError('password_needed');
  let listing;
  try {
    listing = JSON.parse(text);
  } catch {
    throw new ExtensionError('decode');
  }
  if (!Array.isArray(listing)) throw new ExtensionError('decode');
  return listing
    .filter((entry) => entry && typeof entry.link === 'string')
    .map((entry) => ({
      url: entry.link,
      name: typeof entry.filename === 'string' ? entry.filename : '',
      size: Number.isFinite(Number(entry.size)) ? Number(entry.size) : null,
      hasPassword: Number(entry.password) === 1,
    }));
}
