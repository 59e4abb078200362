// Which addresses the extension accepts, in one place.

export function isHttpUrl(text) {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * An API address the key may be sent to: https anywhere, plain http only to this machine
 * (a local 1fichier or proxy), since over http the key would cross the network in clear.
 */
export function isAllowedApiBase(text) {
  if (!isHttpUrl(text)) return false;
  const url = new URL(text);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.includes(url.hostname);
}
