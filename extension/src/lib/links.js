// What the extension makes of URLs, on top of the package's parseLink/extractLinks (passed in,
// so these rules run in plain Node tests as in the browser).

/**
 * The URLs a selection holds: the hrefs of its anchors (read in the page), then the URLs
 * written in its text, each once, in that order.
 */
export function linksInSelection(hrefs, text, { extractLinks }) {
  return extractLinks([...hrefs, text ?? ''].join('\n'));
}

/**
 * Splits URLs by what 1fichier can do with them: its own file links are copied into the
 * account (file/cp), everything else is fetched (remote upload). Folder and direct-download
 * links of 1fichier are not files of the API: they are fetched like any URL.
 */
export function splitByDestination(urls, { parseLink }) {
  const copies = urls.filter((url) => parseLink(url)?.kind === 'file');
  return { copies, fetches: urls.filter((url) => !copies.includes(url)) };
}

/** Whether two 1fichier links name the same file, whatever their domain, scheme or tags. */
export function sameFile(a, b, { parseLink }) {
  const first = parseLink(a);
  return Boolean(first) && first.kind === 'file' && first.id === parseLink(b)?.id;
}

/** Words written like addresses: a scheme and what follows, up to a space or punctuation. */
const ADDRESS_LIKE = /\b[a-z][a-z0-9+.-]*:(?:\/\/|\?)[^\s,;"'<>()[\]]+/gi;

/**
 * What pasted text holds: the links to send, found by the package's extractLinks wherever they
 * are (one per line, separated by spaces or commas, inside sentences), and the address-like
 * words that cannot be sent (ftp:, magnet:, file:…), each once, in order.
 */
export function readPasted(text, { extractLinks }) {
  const links = extractLinks(text);
  const rejected = [...new Set(text.match(ADDRESS_LIKE) ?? [])].filter(
    (word) => !/^https?:/i.test(word) && !links.some((link) => link.includes(word)),
  );
  return { links, rejected };
}
