// Premium downloads of 1fichier links: what a link holds (a file, or a public folder's files),
// and, per file, a one-time direct link from download/get_token asked with the user's key,
// saved by the browser's own download manager under the file's name. The direct link carries
// no key: the browser fetches it like any download.
import { ext } from '../lib/browser.js';
import { createClient, linkTools } from '../lib/client.js';
import { ExtensionError } from '../lib/errors.js';
import { safeFileName } from '../lib/file-names.js';
import { listPublicFolder } from '../lib/public-folder.js';
import { loadSettings } from '../lib/settings.js';

/** Optional in the manifest: asked for by a page, in the click that first needs it. */
export const DOWNLOADS_PERMISSION = { permissions: ['downloads'] };

/** Whether the browser lets the extension start downloads. */
export const mayDownload = async () => Boolean(ext.downloads) && ext.permissions.contains(DOWNLOADS_PERMISSION);

/** The codes that concern one file only: the others files of a list still go. */
const FILE_CODES = ['not_found', 'forbidden', 'password_needed', 'owner_locked', 'invalid_input'];

/**
 * 1fichier says "password" in its refusals of a protected file (no password, a wrong one):
 * that is `password_needed`, which the download page answers with a password field.
 */
function readRefusal(error) {
  if (error?.code === 'forbidden' && /password/i.test(error.serverMessage ?? ''))
    return Object.assign(new ExtensionError('password_needed'), { cause: error });
  return error;
}

async function fileDetails(client, url, password) {
  try {
    const info = await client.fileInfo(url, password ? { password } : {});
    return { url, name: info.name, size: info.size, hasPassword: info.hasPassword };
  } catch (error) {
    throw readRefusal(error);
  }
}

/**
 * What the download page shows for a 1fichier link: `{ kind: 'file' | 'folder', files }`, each
 * file `{ url, name, size, hasPassword }`. A file is read with file/info (the key's view of it);
 * a folder through its public page, which the API cannot list.
 */
export async function inspectLink(url, password = '') {
  const settings = await loadSettings();
  const link = (await linkTools()).parseLink(url);
  if (link?.kind === 'folder') {
    const files = await listPublicFolder(link.id, { apiBase: settings.apiBase, password });
    return { kind: 'folder', files };
  }
  if (link?.kind !== 'file') throw new ExtensionError('not_a_file', url);
  return { kind: 'file', files: [await fileDetails(await createClient(settings), url, password)] };
}

/** Starts the browser's download of one file; resolves once the browser has it. */
async function saveFile(client, url, password) {
  const { name } = await fileDetails(client, url, password);
  let directUrl;
  try {
    ({ directUrl } = await client.downloadLink(url, password ? { password } : {}));
  } catch (error) {
    throw readRefusal(error);
  }
  const request = { url: directUrl, conflictAction: 'uniquify', saveAs: false };
  const filename = safeFileName(name);
  try {
    await ext.downloads.download(filename ? { ...request, filename } : request);
  } catch (error) {
    // A name this system still refuses: the browser names the file from the server's answer.
    if (!filename) throw error;
    await ext.downloads.download(request);
  }
  return name;
}

/**
 * Downloads `urls` (1fichier file links) one after the other, paced like every call;
 * `report(result)` gets each file's result as it goes. A refusal about one file (gone,
 * protected…) is its result and the others still go; a refusal of the account (no Premium,
 * bad key, flood lock, no connection) stops the list and is thrown.
 */
export async function downloadFiles(urls, password, report) {
  if (!(await mayDownload())) throw new ExtensionError('downloads_refused');
  const client = await createClient(await loadSettings());
  for (const url of urls) {
    try {
      const name = await saveFile(client, url, password);
      await report({ url, ok: true, name });
    } catch (error) {
      if (!FILE_CODES.includes(error?.code)) throw error;
      await report({ url, ok: false, error });
    }
  }
}
