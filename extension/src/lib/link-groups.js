// How the picker sorts the links of a page: by what they point at, from the address's file
// extension (or, without one, the element they came from), each URL once, and what 1fichier
// will do with it: copy its own file links into the account, fetch everything else.
import { splitByDestination } from './links.js';

/** Where background/page-links.js leaves a page's links for the picker (storage.session). */
export const pickerKey = (id) => `picker:${id}`;

export const LINK_GROUPS = ['archives', 'video', 'audio', 'images', 'documents', 'other'];

const EXTENSIONS = {
  archives: 'zip rar 7z tar gz tgz bz2 xz zst iso img dmg cab arj lz lzh apk exe msi deb rpm',
  video: 'mp4 m4v mkv avi mov webm wmv flv mpg mpeg ts m2ts 3gp ogv',
  audio: 'mp3 flac wav ogg oga opus m4a aac wma aiff ape',
  images: 'jpg jpeg png gif webp bmp svg tif tiff avif heic ico',
  documents: 'pdf doc docx xls xlsx ppt pptx odt ods odp rtf txt csv epub mobi djvu md',
};
const GROUP_OF_EXTENSION = new Map(
  Object.entries(EXTENSIONS).flatMap(([group, list]) => list.split(' ').map((extension) => [extension, group])),
);
const GROUP_OF_TAG = { img: 'images', video: 'video', audio: 'audio' };

/** The group of `url`: by its path's extension (e.g. `.part1.rar` → archives), else by `tag`. */
export function groupOf(url, tag) {
  const path = new URL(url).pathname.toLowerCase();
  const extension = /\.([a-z0-9]{1,5})$/.exec(path)?.[1];
  return GROUP_OF_EXTENSION.get(extension) ?? GROUP_OF_TAG[tag] ?? 'other';
}

/**
 * What the reader found → [{ url, text, group, action: 'copy' | 'fetch' }]: http(s) addresses
 * only (no mailto:, javascript:, data:…), without their #fragment, each once (the first text
 * kept, or a later one when the first was empty), in page order.
 */
export function sortPageLinks(found, tools) {
  const byUrl = new Map();
  for (const { url, text, tag } of found) {
    let address;
    try {
      address = new URL(url);
    } catch {
      continue;
    }
    if (!['http:', 'https:'].includes(address.protocol)) continue;
    address.hash = '';
    const key = address.href;
    const known = byUrl.get(key);
    if (!known) byUrl.set(key, { url: key, text: text ?? '', group: groupOf(key, tag) });
    else if (!known.text && text) known.text = text;
  }
  const links = [...byUrl.values()];
  const { copies } = splitByDestination(
    links.map((link) => link.url),
    tools,
  );
  return links.map((link) => ({ ...link, action: copies.includes(link.url) ? 'copy' : 'fetch' }));
}
