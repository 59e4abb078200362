// The JSON API under /v1. Each `'<path>.cgi'(call)` method returns the success body or throws an
// ApiError; `call` = { body, account, ip, limit(ruleName, scope) }. Behaviours the fact base
// leaves open are marked "Unknown:" with the choice made.
import { ApiError } from './errors.js';
import { DATE_PATTERN, parisDate, randomString, titleCaseHeader } from './util.js';

const ROOT_NAME = 'Root';
const LISTING_LIMIT = 5000; // documented per-listing cap
const NAME_MAX = 250; // documented for folders; Unknown: applied to file names too
const MAX_REMOTE_URLS = 100; // Unknown: no documented maximum
const QUOTA_BYTES = 100 * 2 ** 40; // Unknown: one plausible 100 TiB quota for every offer
const SCAN_SIZE_LIMIT = 5 * 2 ** 30;
const SCAN_CACHE_MS = 6 * 3600_000;
const TOKEN_LIFETIME_MS = 30 * 60_000;
const NEVER_EXECUTED = '1970-01-01 00:00:00'; // what remote/ls shows for a job not run yet
const PUBLIC_ENDPOINTS = new Set(['upload/get_upload_server.cgi']);
const FLAG_SETTINGS = [
  'ftp_mode',
  'ftp_report',
  'ru_report',
  'default_port',
  'default_port_files',
  'use_cdn',
  'download_menu',
];

// ---- parameter readers: integers may arrive as numbers or digit strings (not in strict mode);
// bad values → "Invalid <name>"

/** Marks the objects of a strict-mode body: their integers must be JSON numbers. */
const STRICT = Symbol('strict');

export function markStrict(value) {
  if (value === null || typeof value !== 'object') return;
  Object.defineProperty(value, STRICT, { value: true });
  for (const item of Object.values(value)) markStrict(item);
}

function intParam(body, name, options = {}) {
  const value = body[name];
  if (value === undefined || value === null || value === '') {
    if (!('fallback' in options)) throw new ApiError('invalidParam', name);
    return options.fallback;
  }
  const number = typeof value === 'string' && !body[STRICT] && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  if (!Number.isSafeInteger(number) || number < min || number > max) throw new ApiError('invalidParam', name);
  return number;
}

const flagParam = (body, name) => intParam(body, name, { fallback: undefined, max: 1 });

function cleanName(value) {
  if (typeof value !== 'string') return null;
  const name = value.trim();
  return name && name.length <= NAME_MAX ? name : null;
}

function nameParam(value, name, { allowSlash = true } = {}) {
  const clean = cleanName(value);
  if (clean === null || (!allowSlash && clean.includes('/'))) throw new ApiError('invalidParam', name);
  return clean;
}

// Folder names may not contain '/': file/info builds `path` by joining folder names with it.
const folderNameParam = (value, name) => nameParam(value, name, { allowSlash: false });

function urlsParam(body) {
  const urls = body.urls;
  if (!Array.isArray(urls) || !urls.length || !urls.every((u) => typeof u === 'string')) {
    throw new ApiError('invalidParam', 'urls');
  }
  return urls;
}

/** Optional `rename`, only allowed with a single URL. */
function renameParam(body, urls) {
  if (body.rename === undefined || body.rename === '') return undefined;
  if (urls.length !== 1) throw new ApiError('invalidParam', 'rename');
  return nameParam(body.rename, 'rename');
}

function passwordParam(value, name) {
  if (typeof value !== 'string') throw new ApiError('invalidParam', name);
  if (value !== '' && value.length < 6) throw new ApiError('passwordTooShort');
  return value;
}

function dateParam(body, name) {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) throw new ApiError('invalidParam', name);
  return value;
}

const isEmail = (value) => typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

function sharesParam(value, ownerEmail) {
  if (!Array.isArray(value)) throw new ApiError('invalidParam', 'shares');
  return value.map((entry) => {
    if (!isEmail(entry?.email) || entry.email === ownerEmail) throw new ApiError('invalidParam', 'shares');
    const hideLinks = flagParam(entry, 'hide_links') ?? 0;
    // hide_links implies read-only (api.html).
    return { email: entry.email, rw: hideLinks ? 0 : (flagParam(entry, 'rw') ?? 0), hide_links: hideLinks };
  });
}

function ipv4ToNumber(text) {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function parseCidr(cidr) {
  const [base, bits = '32'] = String(cidr).split('/');
  const network = ipv4ToNumber(base);
  const prefix = /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  return network === null || !(prefix <= 32) ? null : { network, blockSize: 2 ** (32 - prefix) };
}

function ipInCidr(ip, cidr) {
  const address = ipv4ToNumber(ip.replace(/^::ffff:/, ''));
  const range = parseCidr(cidr);
  return (
    address !== null &&
    range !== null &&
    Math.floor(address / range.blockSize) === Math.floor(range.network / range.blockSize)
  );
}

/** chattr `acl`: `{}` removes every restriction. */
function aclParam(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ApiError('invalidParam', 'acl');
  const list = (name, valid) => {
    const items = value[name] ?? [];
    if (!Array.isArray(items) || !items.every(valid)) throw new ApiError('invalidParam', 'acl');
    return items;
  };
  return {
    ip: list('ip', (c) => parseCidr(c) !== null),
    country: list('country', (c) => typeof c === 'string' && /^[A-Z]{2}$/i.test(c)).map((c) => c.toUpperCase()),
    email: list('email', isEmail),
    premium: flagParam(value, 'premium') ?? 0,
  };
}

/** Whether a file has any access restriction (listings show it as a 0/1 flag). */
export const hasAcl = (acl) => acl.ip.length + acl.country.length + acl.email.length > 0 || acl.premium === 1;

function aclDenies(acl, call) {
  if (acl.ip.length && !acl.ip.some((cidr) => ipInCidr(call.ip, cidr))) return true;
  // Loopback clients have no country, so any country list shuts them out.
  if (acl.country.length) return true;
  if (acl.email.length && !acl.email.includes(call.account.email)) return true;
  return acl.premium === 1 && call.account.offer === 0;
}

/** remote/request `headers`: names alphanumeric/'-' (Title-Cased), values per the api.html character rules. */
function headersParam(value) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError('invalidParam', 'headers');
  const headers = {};
  for (const [name, headerValue] of Object.entries(value)) {
    const valid =
      /^[A-Za-z0-9-]+$/.test(name) &&
      typeof headerValue === 'string' &&
      /^[A-Za-z0-9 \t\-_+=%?,'"/]*$/.test(headerValue) &&
      !/^[ \t]|[ \t]$/.test(headerValue);
    if (!valid) throw new ApiError('invalidParam', 'headers');
    headers[titleCaseHeader(name)] = headerValue;
  }
  return headers;
}

function isFetchableUrl(value) {
  try {
    return ['http:', 'https:', 'ftp:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export class Api {
  /** env: { model, remote (RemoteRunner), directBase (download links: `<directBase>/<token>`), uploadHost } */
  constructor(env) {
    this.model = env.model;
    this.remote = env.remote;
    this.directBase = env.directBase;
    this.uploadHost = env.uploadHost;
  }

  /** Authenticates, then runs the endpoint. Returns the success body; throws ApiError. */
  call(endpoint, { body, key, ip, limit }) {
    if (!endpoint.endsWith('.cgi') || typeof this[endpoint] !== 'function') throw new ApiError('unknownMethod');
    const account = this.model.account(key);
    if (!PUBLIC_ENDPOINTS.has(endpoint)) {
      if (!account) throw new ApiError('notAuthenticated');
      if (account.locked) throw new ApiError('noSuchUser');
    }
    return this[endpoint]({ body, account, ip, limit });
  }

  // ---- access rules

  /**
   * The folder a request designates. Own folders are fully accessible; others only through a
   * groupware share (inherited from ancestors). folder_id 0 + someone else's `sharing_user` is
   * that user's "shared root": listable (the folders they share with the caller), nothing else.
   * Unknown: a foreign or missing folder answers 404 "Resource not found" either way.
   */
  #folderTarget(call, folderId, sharingUser, mode) {
    const me = call.account.email;
    if (folderId === 0) {
      if (!sharingUser || sharingUser === me)
        return { owner: me, id: 0, folder: null, mine: true, rw: 1, hideLinks: 0 };
      if (!this.model.accountByEmail(sharingUser)) throw new ApiError('notFound');
      if (mode !== 'list') throw new ApiError('notAllowed');
      return { owner: sharingUser, id: 0, folder: null, mine: false, sharedRoot: true, rw: 0, hideLinks: 0 };
    }
    const folder = this.model.folder(folderId);
    if (folder?.owner === me) return { owner: me, id: folderId, folder, mine: true, rw: 1, hideLinks: 0 };
    const share = folder && this.model.shareFor(folder, me);
    if (!share) throw new ApiError('notFound');
    if (mode === 'write' && !share.rw) throw new ApiError('notAllowed');
    return { owner: folder.owner, id: folderId, folder, mine: false, rw: share.rw, hideLinks: share.hide_links };
  }

  /** The caller's own folder (null for the root, id 0). */
  #ownFolder(call, folderId) {
    if (folderId === 0) return null;
    const folder = this.model.folder(folderId);
    if (folder?.owner !== call.account.email) throw new ApiError('notFound');
    return folder;
  }

  /** The groupware share giving the caller access to someone's file, if any. */
  #shareOf(call, file) {
    const folder = file.owner && this.model.folder(file.folderId);
    return folder ? this.model.shareFor(folder, call.account.email) : undefined;
  }

  /** Own files, or files in a folder shared with write access. */
  #canEdit(call, file) {
    return Boolean(file && (file.owner === call.account.email || this.#shareOf(call, file)?.rw));
  }

  /** The file of a read request (`url` + `pass`, or `folder_id` + `filename` + `sharing_user`) once access is granted. */
  #readableFile(call, body) {
    let file;
    if (body.url !== undefined) {
      file = this.model.fileByUrl(body.url);
    } else if (body.filename !== undefined) {
      const target = this.#folderTarget(call, intParam(body, 'folder_id', { fallback: 0 }), body.sharing_user, 'read');
      file = this.model.filesIn(target.owner, target.id).find((f) => f.filename === body.filename);
    } else {
      throw new ApiError('invalidParam', 'url');
    }
    if (!file) throw new ApiError('notFound');
    // Groupware shares ignore passwords and access restrictions (api.html).
    if (file.owner === call.account.email || this.#shareOf(call, file)) return file;
    if (file.pass) {
      if (body.pass === undefined || body.pass === '') throw new ApiError('passwordMissing');
      if (body.pass !== file.pass) throw new ApiError('passwordInvalid');
    }
    if (aclDenies(file.acl, call)) throw new ApiError('notAllowed');
    return file;
  }

  // ---- shapes

  #fileItem(file, hideLinks) {
    const item = {
      filename: file.filename,
      size: file.size,
      date: file.date,
      checksum: file.checksum,
      'content-type': file.contentType,
      pass: file.pass ? 1 : 0,
      acl: hasAcl(file.acl) ? 1 : 0,
      cdn: file.cdn,
    };
    if (!hideLinks) item.url = file.url;
    return item;
  }

  #folderItem(folder) {
    return { id: folder.id, name: folder.name, create_date: folder.createDate, pass: folder.sharePass ? 1 : 0 };
  }

  // ---- user

  /** Types follow rclone's working decoder: flags as JSON strings, counters and ids as numbers. */
  #userInfo(account) {
    const used = this.model.data.files.filter((f) => f.owner === account.email).reduce((sum, f) => sum + f.size, 0);
    const s = account.settings;
    return {
      status: 'OK',
      email: account.email,
      offer: String(account.offer),
      '2fa': String(account.twoFactor),
      mail_rm: '0',
      ftp_mode: String(s.ftp_mode),
      ftp_did: s.ftp_did,
      ftp_report: String(s.ftp_report),
      ru_report: String(s.ru_report),
      default_domain: s.default_domain,
      page_limit: s.page_limit,
      default_port: String(s.default_port),
      default_port_files: String(s.default_port_files),
      cdn: String(account.cdnCredits),
      download_menu: String(s.download_menu),
      use_cdn: String(s.use_cdn),
      subscription_end: account.subscriptionEnd,
      default_quota: QUOTA_BYTES,
      default_cold_storage_quota: QUOTA_BYTES,
      // Unknown split between hot and cold storage: everything counts as cold (what rclone reads as "used").
      hot_storage: 0,
      cold_storage: used,
      stats_date: parisDate(),
      allowed_cold_storage: QUOTA_BYTES,
      available_storage: QUOTA_BYTES - used,
      // rclone reads available_cold_storage as the total, so it stays the quota.
      available_cold_storage: QUOTA_BYTES,
      extended_quota: 0,
      extended_quota_end: '',
      overquota: used > QUOTA_BYTES ? 1 : 0,
      upload_forbidden: '0',
    };
  }

  /** Reads, or sets any settable field first. Unknown: the answer to a change is the full, updated info. */
  'user/info.cgi'(call) {
    const { account, body } = call;
    call.limit('userInfoPerIp', call.ip);
    call.limit('userInfoPerUser', account.email);
    const changes = {};
    for (const name of FLAG_SETTINGS) changes[name] = flagParam(body, name);
    changes.default_domain = intParam(body, 'default_domain', { fallback: undefined, max: 10 });
    changes.page_limit = intParam(body, 'page_limit', { fallback: undefined, min: 1, max: 1000 });
    changes.ftp_did = intParam(body, 'ftp_did', { fallback: undefined });
    if (changes.ftp_did !== undefined) this.#ownFolder(call, changes.ftp_did);
    for (const [name, value] of Object.entries(changes)) if (value !== undefined) account.settings[name] = value;
    return this.#userInfo(account);
  }

  // ---- folders

  /** `size` is always null, as in every captured answer. */
  'folder/ls.cgi'(call) {
    const { body, account } = call;
    const folderId = intParam(body, 'folder_id', { fallback: 0 });
    const target = this.#folderTarget(call, folderId, body.sharing_user, 'list');
    call.limit('folderListing', `folder/ls|${account.email}|${target.owner}|${folderId}`);
    const subFolders = target.sharedRoot
      ? this.model.data.folders.filter(
          (f) => f.owner === target.owner && f.shares.some((s) => s.email === account.email),
        )
      : this.model.subFolders(target.owner, folderId);
    const files = target.sharedRoot ? [] : this.model.filesIn(target.owner, folderId);
    const reply = {
      status: 'OK',
      folder_id: folderId,
      name: target.folder?.name ?? ROOT_NAME,
      size: null,
      files: files.length,
      sub_folders: subFolders.slice(0, LISTING_LIMIT).map((f) => this.#folderItem(f)),
    };
    if (target.folder) {
      Object.assign(reply, { create_date: target.folder.createDate, pass: target.folder.sharePass ? 1 : 0 });
      if (target.folder.share) reply.shared = `https://1fichier.com/dir/${target.folder.shareId}`;
      if (target.mine && target.folder.shares.length) reply.shares = target.folder.shares;
    }
    if (!target.mine) Object.assign(reply, { user: target.owner, rw: target.rw, hide_links: target.hideLinks });
    if (flagParam(body, 'files') === 1)
      reply.items = files.slice(0, LISTING_LIMIT).map((f) => this.#fileItem(f, target.hideLinks));
    return reply;
  }

  /** Unknown: a second folder with the same name in the same parent is refused. */
  'folder/mkdir.cgi'(call) {
    const { body } = call;
    const name = folderNameParam(body.name, 'name');
    const target = this.#folderTarget(call, intParam(body, 'folder_id', { fallback: 0 }), body.sharing_user, 'write');
    if (this.model.subFolders(target.owner, target.id).some((f) => f.name === name)) throw new ApiError('folderExists');
    const folder = this.model.addFolder({ owner: target.owner, parentId: target.id, name });
    return { status: 'OK', folder_id: folder.id, name: folder.name };
  }

  /** Unknown: a folder still holding files or sub-folders is refused (the C# SDK empties folders first). */
  'folder/rm.cgi'(call) {
    const folder = this.#ownFolder(call, intParam(call.body, 'folder_id', { min: 1 }));
    if (this.model.subFolders(folder.owner, folder.id).length || this.model.filesIn(folder.owner, folder.id).length) {
      throw new ApiError('folderNotEmpty');
    }
    this.model.removeFolder(folder);
    return { status: 'OK', message: 'Folder removed' };
  }

  /** `rename` makes it a pure rename (destination ignored, per api.html). Unknown: moves stay inside the caller's tree. */
  'folder/mv.cgi'(call) {
    const { body } = call;
    const folder = this.#ownFolder(call, intParam(body, 'folder_id', { min: 1 }));
    const oldName = folder.name;
    let parentId = folder.parentId;
    let name = folder.name;
    if (body.rename !== undefined && body.rename !== '') {
      name = folderNameParam(body.rename, 'rename');
    } else {
      const target = this.#folderTarget(
        call,
        intParam(body, 'destination_folder_id', { fallback: 0 }),
        body.destination_user,
        'write',
      );
      if (!target.mine) throw new ApiError('notAllowed');
      if (this.model.isWithin(target.id, folder.id)) throw new ApiError('invalidParam', 'destination_folder_id');
      parentId = target.id;
    }
    if (this.model.subFolders(folder.owner, parentId).some((f) => f !== folder && f.name === name))
      throw new ApiError('folderExists');
    Object.assign(folder, { parentId, name });
    return { status: 'OK', old_name: oldName, new_name: name };
  }

  'folder/share.cgi'(call) {
    const { body, account } = call;
    const folder = this.#ownFolder(call, intParam(body, 'folder_id', { min: 1 }));
    const share = flagParam(body, 'share');
    const pass = body.pass === undefined ? undefined : passwordParam(body.pass, 'pass');
    const shares = body.shares === undefined ? undefined : sharesParam(body.shares, account.email);
    if (share !== undefined) folder.share = share;
    if (folder.share && !folder.shareId) folder.shareId = randomString(8);
    if (pass !== undefined) folder.sharePass = pass;
    if (shares !== undefined) folder.shares = shares;
    const reply = { status: 'OK' };
    if (folder.share) reply.url = `https://1fichier.com/dir/${folder.shareId}`;
    return reply;
  }

  // ---- files

  /** Unknown: sent_before / sent_after bounds are exclusive. */
  'file/ls.cgi'(call) {
    const { body, account } = call;
    const folderId = intParam(body, 'folder_id', { fallback: 0, min: -1 });
    const sentBefore = dateParam(body, 'sent_before');
    const sentAfter = dateParam(body, 'sent_after');
    let files;
    let hideLinks = 0;
    if (folderId === -1) {
      call.limit('listAll', account.email);
      files = this.model.data.files.filter((f) => f.owner === account.email);
    } else {
      const target = this.#folderTarget(call, folderId, body.sharing_user, 'list');
      call.limit('folderListing', `file/ls|${account.email}|${target.owner}|${folderId}`);
      files = target.sharedRoot ? [] : this.model.filesIn(target.owner, folderId);
      hideLinks = target.hideLinks;
    }
    const items = files
      .filter((f) => (!sentBefore || f.date < sentBefore) && (!sentAfter || f.date > sentAfter))
      .slice(0, LISTING_LIMIT)
      .map((f) => this.#fileItem(f, hideLinks));
    return { status: 'OK', count: items.length, items };
  }

  /** No `status` on success. Unknown: other people's files show folder_id 0 and an empty path. */
  'file/info.cgi'(call) {
    const file = this.#readableFile(call, call.body);
    const mine = file.owner === call.account.email;
    return {
      url: file.url,
      filename: file.filename,
      size: file.size,
      date: file.date,
      folder_id: mine ? file.folderId : 0,
      path: mine ? this.model.folderPath(file.folderId) : '',
      checksum: file.checksum,
      'content-type': file.contentType,
      description: file.description,
      pass: file.pass ? 1 : 0,
      no_ssl: file.noSsl,
      inline: file.inline,
      cdn: file.cdn,
      acl: file.acl,
    };
  }

  /** Unknown: no attribute at all → KO "No changes requested" at 200; `updated` counts the editable files. */
  'file/chattr.cgi'(call) {
    const { body } = call;
    const urls = urlsParam(body);
    const changes = {};
    if (body.filename !== undefined) {
      if (urls.length !== 1) throw new ApiError('invalidParam', 'filename');
      changes.filename = nameParam(body.filename, 'filename');
    }
    if (body.description !== undefined) {
      if (typeof body.description !== 'string') throw new ApiError('invalidParam', 'description');
      changes.description = body.description;
    }
    if (body.pass !== undefined) changes.pass = passwordParam(body.pass, 'pass');
    for (const [param, field] of [
      ['no_ssl', 'noSsl'],
      ['inline', 'inline'],
      ['cdn', 'cdn'],
    ]) {
      const value = flagParam(body, param);
      if (value !== undefined) changes[field] = value;
    }
    if (body.acl !== undefined) changes.acl = aclParam(body.acl);
    if (!Object.keys(changes).length) throw new ApiError('noChanges');
    const files = urls.map((url) => this.model.fileByUrl(url)).filter((f) => this.#canEdit(call, f));
    if (!files.length) throw new ApiError('notUpdated');
    for (const file of files) Object.assign(file, structuredClone(changes));
    return { status: 'OK', updated: files.length, urls: files.map((f) => f.url) };
  }

  /** Links the caller cannot edit, or names that would not change, are skipped; nothing left → #312. */
  'file/rename.cgi'(call) {
    const entries = call.body.urls;
    if (!Array.isArray(entries) || !entries.length) throw new ApiError('invalidParam', 'urls');
    const renamed = [];
    for (const entry of entries) {
      const file = this.model.fileByUrl(entry?.url);
      const name = cleanName(entry?.filename);
      if (!this.#canEdit(call, file) || name === null || name === file.filename) continue;
      renamed.push({ url: file.url, old_filename: file.filename, new_filename: name });
      file.filename = name;
    }
    if (!renamed.length) throw new ApiError('notRenamed');
    return { status: 'OK', renamed: renamed.length, urls: renamed };
  }

  /** destination_folder_id is required; a `rename` equal to the current name is refused (since 2024). URLs keep working after a move. */
  'file/mv.cgi'(call) {
    const { body } = call;
    const urls = urlsParam(body);
    const target = this.#folderTarget(call, intParam(body, 'destination_folder_id'), body.destination_user, 'write');
    const rename = renameParam(body, urls);
    const files = urls.map((url) => this.model.fileByUrl(url)).filter((f) => this.#canEdit(call, f));
    if (rename !== undefined && files[0]?.filename === rename) throw new ApiError('notRenamed');
    if (!files.length) throw new ApiError('notMoved');
    for (const file of files) {
      Object.assign(file, { folderId: target.id, owner: target.owner });
      if (rename !== undefined) file.filename = rename;
    }
    const reply = { status: 'OK', moved: files.length, urls: files.map((f) => f.url) };
    if (rename !== undefined) reply.filename = rename;
    return reply;
  }

  /** Any readable file can be copied (importing someone's public file); each copy gets a new URL and no password/ACL. */
  'file/cp.cgi'(call) {
    const { body } = call;
    const urls = urlsParam(body);
    const target = this.#folderTarget(call, intParam(body, 'folder_id', { fallback: 0 }), body.sharing_user, 'write');
    const rename = renameParam(body, urls);
    const copies = [];
    for (const url of urls) {
      let source;
      try {
        source = this.#readableFile(call, { url, pass: body.pass });
      } catch (err) {
        if (err instanceof ApiError) continue;
        throw err;
      }
      const copy = this.model.addFile({
        owner: target.owner,
        folderId: target.id,
        filename: rename ?? source.filename,
        contentType: source.contentType,
        content: { blob: source.blob, size: source.size, checksum: source.checksum },
      });
      copies.push({ from_url: url, to_url: copy.url });
    }
    if (!copies.length) throw new ApiError('notCopied');
    const reply = { status: 'OK', copied: copies.length, urls: copies };
    if (rename !== undefined) reply.filename = rename;
    return reply;
  }

  /** Account files need edit rights; anonymous files need their removal `code`. */
  'file/rm.cgi'(call) {
    const entries = call.body.files;
    if (!Array.isArray(entries) || !entries.length) throw new ApiError('invalidParam', 'files');
    const removed = [];
    for (const entry of entries) {
      const file = this.model.fileByUrl(entry?.url);
      if (!file) continue;
      const allowed = file.owner ? this.#canEdit(call, file) : entry.code === file.removeCode;
      if (!allowed) continue;
      this.model.removeFile(file);
      removed.push(file.url);
    }
    if (!removed.length) throw new ApiError('notRemoved');
    return { status: 'OK', removed: removed.length, urls: removed };
  }

  /** Unknown detection rule: a name containing "eicar" is "infected" (and removed), anything else is clean. */
  'file/scan.cgi'(call) {
    const file = this.#readableFile(call, call.body);
    if (file.size >= SCAN_SIZE_LIMIT) throw new ApiError('scanTooBig');
    if (/eicar/i.test(file.filename)) {
      this.model.removeFile(file);
      throw new ApiError('virusFound', 'Eicar-Test-Signature');
    }
    const now = Date.now();
    if (file.scannedAt !== null && now - file.scannedAt < SCAN_CACHE_MS) {
      return { status: 'OK', date: parisDate(new Date(file.scannedAt)) };
    }
    file.scannedAt = now;
    return { status: 'OK' };
  }

  /** The link is `<directBase>/<token>`: this emulator's /dl/, or https://a-4.1fichier.com with `realHostNames`. */
  'download/get_token.cgi'(call) {
    const { body, account } = call;
    if (account.offer === 0) throw new ApiError('notCustomer');
    const file = this.#readableFile(call, body);
    const cdn = flagParam(body, 'cdn') ?? 0;
    const inline = flagParam(body, 'inline') ?? file.inline;
    const now = Date.now();
    const token = (cdn ? 'c' : 'p') + randomString(10, '0123456789');
    const tokens = this.model.data.tokens;
    tokens.splice(0, tokens.length, ...tokens.filter((t) => now - t.createdAt < TOKEN_LIFETIME_MS));
    tokens.push({ token, fileId: file.id, createdAt: now, used: false, inline });
    return { status: 'OK', url: `${this.directBase}/${token}` };
  }

  /** No auth and no `status`: { url: bare host[:port], id: 10 alphanumerics }. */
  'upload/get_upload_server.cgi'() {
    return { url: this.uploadHost, id: randomString(10) };
  }

  // ---- remote upload

  /** Unknown: remote jobs may only target the caller's own folders. */
  'remote/request.cgi'(call) {
    const { body, account } = call;
    const urls = urlsParam(body);
    if (urls.length > MAX_REMOTE_URLS) throw new ApiError('tooManyUrls', MAX_REMOTE_URLS);
    if (!urls.every(isFetchableUrl)) throw new ApiError('invalidParam', 'urls');
    const folderId = intParam(body, 'folder_id', { fallback: 0 });
    this.#ownFolder(call, folderId);
    const headers = headersParam(body.headers);
    this.model.data.nextRemoteJobId += 1;
    const job = {
      id: this.model.data.nextRemoteJobId,
      owner: account.email,
      folderId,
      urls,
      headers,
      requestDate: parisDate(),
      executionDate: null,
      result: [],
    };
    this.model.data.remoteJobs.push(job);
    this.remote.schedule(job);
    return { status: 'OK', id: job.id, date: job.requestDate, urls, headers };
  }

  /** Newest first. */
  'remote/ls.cgi'(call) {
    const jobs = this.model.data.remoteJobs.filter((j) => j.owner === call.account.email).reverse();
    return {
      status: 'OK',
      data: jobs.map((j) => ({
        id: j.id,
        request_date: j.requestDate,
        execution_date: j.executionDate ?? NEVER_EXECUTED,
      })),
    };
  }

  /** No `status` on success; `result` stays [] until the job has run. */
  'remote/info.cgi'(call) {
    const id = intParam(call.body, 'id', { min: 1 });
    const job = this.model.data.remoteJobs.find((j) => j.id === id && j.owner === call.account.email);
    if (!job) throw new ApiError('notFound');
    return {
      id: job.id,
      request_date: job.requestDate,
      execution_date: job.executionDate ?? NEVER_EXECUTED,
      links: job.urls,
      result: job.result,
    };
  }

  // ---- FTP sub-accounts. Unknown shapes: ls → { status, count, data: [{ user, folder_id }] }; others → { status }.

  'ftp/users/ls.cgi'(call) {
    const users = this.model.data.ftpUsers.filter((u) => u.owner === call.account.email);
    return { status: 'OK', count: users.length, data: users.map((u) => ({ user: u.user, folder_id: u.folderId })) };
  }

  'ftp/users/add.cgi'(call) {
    const { body, account } = call;
    if (typeof body.user !== 'string' || !/^[A-Za-z0-9._-]{1,32}$/.test(body.user))
      throw new ApiError('invalidParam', 'user');
    if (body.pass === undefined || body.pass === '') throw new ApiError('invalidParam', 'pass');
    const pass = passwordParam(body.pass, 'pass');
    const folderId = intParam(body, 'folder_id', { fallback: 0 });
    this.#ownFolder(call, folderId);
    const users = this.model.data.ftpUsers;
    if (users.some((u) => u.owner === account.email && u.user === body.user)) throw new ApiError('ftpUserExists');
    users.push({ owner: account.email, user: body.user, pass, folderId });
    return { status: 'OK' };
  }

  'ftp/users/rm.cgi'(call) {
    const users = this.model.data.ftpUsers;
    const index = users.findIndex((u) => u.owner === call.account.email && u.user === call.body.user);
    if (index < 0) throw new ApiError('notFound');
    users.splice(index, 1);
    return { status: 'OK' };
  }

  /** Nothing is ever uploaded over FTP here, so processing always succeeds with nothing to do. */
  'ftp/process.cgi'() {
    return { status: 'OK' };
  }
}
