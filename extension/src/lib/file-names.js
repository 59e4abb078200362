// File names from 1fichier (chosen by whoever uploaded the file) made safe to save: the
// browser's download API refuses a name with a path separator or a character the system
// forbids, and a name must never climb out of the download folder.

const FORBIDDEN = '\\/:*?"<>|';
const isForbidden = (char) => FORBIDDEN.includes(char) || char.charCodeAt(0) < 0x20 || char === '\u007f';
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;
const MAX_LENGTH = 200; // under every file system's 255, with room for " (1)" from uniquify

/** `name` as a plain file name ('' when nothing usable is left: the browser then names it). */
export function safeFileName(name) {
  let safe = [...String(name ?? '')]
    .map((char) => (isForbidden(char) ? '_' : char))
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  if (safe.length > MAX_LENGTH) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 && safe.length - dot <= 16 ? safe.slice(dot) : '';
    safe = safe.slice(0, MAX_LENGTH - extension.length) + extension;
  }
  return safe;
}
