// The in-memory model behind the emulator. `model.data` is what `emulator.state` exposes; it is
// plain JSON (no class instances, no timers) so GET /__emulator/state can return it as is.
//
// data = {
//   accounts:   [{ key, email, offer (0 free, 1 premium, 2 access), locked, twoFactor, cdnCredits,
//                  subscriptionEnd, settings: { ftp_mode, ftp_did, ftp_report, ru_report,
//                  default_domain, page_limit, default_port, default_port_files, use_cdn, download_menu } }],
//   folders:    [{ id, owner (email), parentId (0 = root), name, createDate ('' possible),
//                  share (0/1 public link), shareId, sharePass, shares: [{ email, rw, hide_links }] }],
//   files:      [{ id, url, domain, owner (email, or null when anonymous), folderId, filename, size,
//                  checksum, contentType, date, description, pass ('' = none), noSsl, inline, cdn,
//                  acl: { ip: [], country: [], email: [], premium: 0 }, removeCode, blob, scannedAt (ms) }],
//   remoteJobs: [{ id, owner, folderId, urls, headers, requestDate, executionDate (null until run), result }],
//   ftpUsers:   [{ owner, user, pass, folderId }],
//   uploads:    [{ xid, owner, finishedAt (ms), pendingPolls, incoming, received: [files not stored
//                 yet], links: [end.pl link objects] | null until end.pl stores them }],
//   tokens:     [{ token, fileId, createdAt (ms), used, inline }],
//   nextFolderId, nextRemoteJobId,
// }
import { randomInt } from 'node:crypto';
import { newFileId, parisDate, randomString } from './util.js';

/** Link domains by upload `domain` / `default_domain` id (fact base §6.2). */
export const DOMAINS = [
  '1fichier.com',
  'alterupload.com',
  'cjoint.net',
  'desfichiers.com',
  'dfichiers.com',
  'megadl.fr',
  'mesfichiers.org',
  'piecejointe.net',
  'pjointe.com',
  'tenvoi.com',
  'dl4free.com',
];

export const DEFAULT_ACCOUNTS = [{ key: 'DEMO0123456789abcdefDEMO01234567', email: 'demo@example.com', offer: 1 }];

const YEAR_MS = 365 * 24 * 3600 * 1000;

function newAccount({ settings, ...options }) {
  const offer = options.offer ?? 1;
  return {
    locked: false,
    twoFactor: 0,
    cdnCredits: 0,
    subscriptionEnd: offer > 0 ? parisDate(new Date(Date.now() + YEAR_MS)) : '',
    ...options,
    offer,
    settings: {
      ftp_mode: 0,
      ftp_did: 0,
      ftp_report: 0,
      ru_report: 0,
      default_domain: 0,
      page_limit: 100,
      default_port: 0,
      default_port_files: 0,
      use_cdn: 0,
      download_menu: 1,
      ...settings,
    },
  };
}

/** The id part of any accepted link form: `https://<domain>/?<id>[&…]` or `https://<id>.1fichier.com/`. */
function fileIdFromUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.replace(/^www\./, '');
  const id = DOMAINS.includes(host)
    ? parsed.search.slice(1).split('&')[0]
    : /^([a-z0-9]+)\.(?:1fichier|dl4free)\.com$/i.exec(host)?.[1];
  return id && /^[a-z0-9]{5,20}$/i.test(id) ? id.toLowerCase() : null;
}

export class Model {
  constructor(accounts, blobs) {
    this.accountOptions = accounts;
    this.blobs = blobs;
    this.reset();
  }

  reset() {
    this.blobs.clear();
    this.data = {
      accounts: this.accountOptions.map(newAccount),
      folders: [],
      files: [],
      remoteJobs: [],
      ftpUsers: [],
      uploads: [],
      tokens: [],
      nextFolderId: 3357645,
      nextRemoteJobId: 1048576,
    };
  }

  account(key) {
    return key ? this.data.accounts.find((a) => a.key === key) : undefined;
  }

  accountByEmail(email) {
    return this.data.accounts.find((a) => a.email === email);
  }

  folder(id) {
    return this.data.folders.find((f) => f.id === id);
  }

  subFolders(owner, parentId) {
    return this.data.folders.filter((f) => f.owner === owner && f.parentId === parentId);
  }

  filesIn(owner, folderId) {
    return this.data.files.filter((f) => f.owner === owner && f.folderId === folderId);
  }

  /** Whether folder `id` is `ancestorId` or lies below it. */
  isWithin(id, ancestorId) {
    for (let current = this.folder(id); current; current = this.folder(current.parentId)) {
      if (current.id === ancestorId) return true;
    }
    return false;
  }

  /** The groupware share entry giving `email` access to a folder, inherited from its ancestors. */
  shareFor(folder, email) {
    for (let current = folder; current; current = this.folder(current.parentId)) {
      const entry = current.shares.find((s) => s.email === email);
      if (entry) return entry;
    }
    return undefined;
  }

  /** `A/B` for a folder id (the file/info `path`); '' for the root. */
  folderPath(id) {
    const names = [];
    for (let current = this.folder(id); current; current = this.folder(current.parentId)) names.unshift(current.name);
    return names.join('/');
  }

  addFolder({ owner, parentId = 0, name, createDate = parisDate() }) {
    this.data.nextFolderId += randomInt(1, 40);
    const folder = {
      id: this.data.nextFolderId,
      owner,
      parentId,
      name,
      createDate,
      share: 0,
      shareId: null,
      sharePass: '',
      shares: [],
    };
    this.data.folders.push(folder);
    return folder;
  }

  removeFolder(folder) {
    this.data.folders.splice(this.data.folders.indexOf(folder), 1);
  }

  /** `content` is what BlobStore returns: { blob, size, checksum }. */
  addFile({ owner, folderId = 0, filename, contentType, content, domain = 0, pass = '', date = parisDate() }) {
    const id = newFileId();
    const file = {
      id,
      url: `https://${DOMAINS[domain]}/?${id}`,
      domain,
      owner,
      folderId,
      filename,
      size: content.size,
      checksum: content.checksum,
      contentType,
      date,
      description: '',
      pass,
      noSsl: 0,
      inline: 0,
      cdn: 0,
      acl: { ip: [], country: [], email: [], premium: 0 },
      removeCode: owner ? null : randomString(12),
      blob: content.blob,
      scannedAt: null,
    };
    this.data.files.push(file);
    return file;
  }

  removalLink(file) {
    return file.removeCode ? `https://${DOMAINS[file.domain]}/remove/${file.id}/${file.removeCode}` : '';
  }

  fileById(id) {
    return this.data.files.find((f) => f.id === id);
  }

  fileByUrl(url) {
    const id = typeof url === 'string' ? fileIdFromUrl(url) : null;
    return id ? this.fileById(id) : undefined;
  }

  removeFile(file) {
    this.data.files.splice(this.data.files.indexOf(file), 1);
    const shared = this.data.files.some((f) => f.blob.kind === 'disk' && f.blob.path === file.blob.path);
    this.blobs.release(file.blob, shared);
  }
}
