// Small helpers shared by the emulator modules.
import { createHash, randomInt } from 'node:crypto';
import { Whirlpool } from './whirlpool.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = `ABCDEFGHIJKLMNOPQRSTUVWXYZ${LOWER_ALNUM}`;

export function randomString(length, alphabet = MIXED_ALNUM) {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** File ids: 20 lowercase alphanumerics, like the current real ids (`2zk52quqlm0cbjr93ri5`). */
export const newFileId = () => randomString(20, LOWER_ALNUM);

export const pick = (list) => list[randomInt(list.length)];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// 1fichier's checksums are Whirlpool, always real here, from an implementation independent of
// the client's: OpenSSL's when Node has it (in OpenSSL 3's legacy provider, which
// `NODE_OPTIONS=--openssl-legacy-provider` turns on: scripts/test.sh does, and cli.js restarts
// itself with it), else this emulator's own JavaScript one (whirlpool.js, ~10x slower).
// `sha512` exists only for benchmarks that must keep the server's hashing out of upload timings.
const OPENSSL_HAS_WHIRLPOOL = (() => {
  try {
    createHash('whirlpool');
    return true;
  } catch {
    return false;
  }
})();
export const WHIRLPOOL_IMPLEMENTATION = OPENSSL_HAS_WHIRLPOOL ? 'openssl' : 'javascript';
/** A hasher with `update(bytes)` and `digest('hex')`: `whirlpool` (default) or `sha512`. */
export function createChecksum(algorithm = 'whirlpool') {
  if (algorithm === 'sha512') return createHash('sha512');
  return OPENSSL_HAS_WHIRLPOOL ? createHash('whirlpool') : new Whirlpool();
}

// sv-SE formats as `YYYY-MM-DD HH:MM:SS`; the real API speaks French local time.
const PARIS_FORMAT = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
export const parisDate = (date = new Date()) => PARIS_FORMAT.format(date);
export const DATE_PATTERN = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** The real API's key order varies between calls: rebuild every object with shuffled keys. */
export function shuffleKeys(value) {
  if (Array.isArray(value)) return value.map(shuffleKeys);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return Object.fromEntries(keys.map((key) => [key, shuffleKeys(value[key])]));
}

/** `pretty: 1` output in the style of Perl's JSON::XS (3-space indent, `"key" : value`). */
export const perlPretty = (value) => JSON.stringify(value, null, 3).replace(/^(\s*"(?:[^"\\]|\\.)*"):/gm, '$1 :');

export async function readBody(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Sizes as the French upload report prints them ("1.15 Ko"). */
export function frenchSize(bytes) {
  const units = ['Ko', 'Mo', 'Go', 'To'];
  if (bytes < 1024) return `${bytes} octets`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CONTENT_TYPES = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  '7z': 'application/x-7z-compressed',
  rar: 'application/x-rar',
  tar: 'application/x-tar',
  iso: 'application/x-iso9660-image',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  js: 'application/javascript',
  wasm: 'application/wasm',
};

/** The type the real service would record: a meaningful declared type, else one guessed from the name. */
export function contentTypeFor(filename, declared) {
  const clean = declared?.split(';')[0].trim().toLowerCase();
  if (clean && clean !== 'application/octet-stream') return clean;
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1].toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** `x-forwarded-for` → `X-Forwarded-For`. */
export const titleCaseHeader = (name) =>
  name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase());

/** The bearer key of a request, or '' (used for auth, rate-limit scopes and flood locks). */
export const bearerKey = (headers) => /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1] ?? '';

/** Parses `filename*=UTF-8''…` or a quoted/bare `filename=` out of a Content-Disposition value. */
export function dispositionFilename(header) {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      /* fall back to the plain parameter */
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return undefined;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2].trim();
}

/** A Content-Disposition header any client can read, with an RFC 5987 copy for non-ASCII names. */
export const contentDisposition = (kind, filename) =>
  `${kind}; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; ` +
  `filename*=UTF-8''${encodeURIComponent(filename)}`;
