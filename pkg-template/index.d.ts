// Type definitions for onefichier 0.2.0: a client for the 1fichier.com API (Rust/WebAssembly).
// Hand-written to match pkg-template/src/*.js and src/wasm/mod.rs.
//
// Needs only the es2022 library: the few web types the API touches (AbortSignal, Blob, File)
// are described below by small structural interfaces, so a Node-only project (no "dom" lib,
// no @types/node) type-checks, and the real AbortSignal, Blob and File of browsers and Node
// fit them.
//
// One vocabulary (see the README): one name per concept, the same in inputs and outputs, so
// anything a method returns can be passed back; flags are booleans; unknown option keys are
// refused; every method takes an options object as its last argument, with `signal`.

// ---------------------------------------------------------------------------------------------
// Web types, structurally (not exported)
// ---------------------------------------------------------------------------------------------

/** What the package needs of an `AbortSignal` (the DOM's and Node's both fit). */
interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** What the package needs of a `Blob` (the DOM's and Node's both fit). */
interface BlobLike {
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): BlobLike;
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): unknown;
}

/** A `File`: a Blob with a name. */
interface FileLike extends BlobLike {
  readonly name: string;
  readonly lastModified: number;
}

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/**
 * A folder id: `0` is the root of the account. A numeric string (`'12345'`) is accepted too,
 * so ids read from a URL or a command line can be passed as they are; any other string is
 * refused (`invalid_input`).
 */
export type FolderId = number | `${number}`;

/** A remote upload job id, as returned by `remoteUpload()`; a numeric string is accepted. */
export type JobId = number | `${number}`;

/**
 * A date as 1fichier writes it: `'YYYY-MM-DD HH:MM:SS'`, in Paris time (Europe/Paris),
 * e.g. `'2024-01-31 23:59:00'`.
 */
export type ParisDateTime = string;

/**
 * A file link: `https://1fichier.com/?abcde12345`, a link on one of the 10 other 1fichier
 * domains, or a legacy `https://abcde12345.1fichier.com/`. Extra parameters (`&af=`, `&lg=`)
 * are removed before the call.
 */
export type FileUrl = string;

/** One file link or a list of them. */
export type FileUrls = FileUrl | readonly FileUrl[];

/**
 * Options every method accepts (as its last argument). Unknown keys are refused with
 * `invalid_input` naming the key; only own properties are read.
 */
export interface CallOptions {
  /** Aborts the call, which then rejects with an `aborted` error. */
  signal?: AbortSignalLike;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * The stable codes of `FichierError.code`:
 * - `auth`: the API key is missing, wrong, or its account is locked.
 * - `flood`: 1fichier is rate-limiting the key or the IP address (flood lock).
 * - `premium_required`: the call needs a Premium or Access subscription (or CDN credits).
 * - `not_found`: no such file, folder, job or user.
 * - `forbidden`: private, password-protected or restricted resource; one location at a time.
 * - `owner_locked`: the owner of the file was locked by 1fichier.
 * - `invalid_input`: the arguments were refused before anything was sent (wrong type, 0/1
 *   instead of a boolean, unknown option key…).
 * - `network`: 1fichier (or the upload node) could not be reached.
 * - `timeout`: no answer in time (`timeoutMs`), or a wait (`maxWaitMs` of `upload()` or
 *   `waitForRemoteJob()`) ran out.
 * - `aborted`: the `signal` was aborted.
 * - `server`: a 5xx answer.
 * - `decode`: an answer that could not be understood.
 * - `api`: any other refusal by 1fichier (see `serverMessage`), or an internal fault.
 * - `corrupt`: downloaded (or uploaded) bytes do not match 1fichier's Whirlpool hash.
 */
export type FichierErrorCode =
  | 'auth'
  | 'flood'
  | 'premium_required'
  | 'not_found'
  | 'forbidden'
  | 'owner_locked'
  | 'invalid_input'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'server'
  | 'decode'
  | 'api'
  | 'corrupt';

/** Every `FichierErrorCode`, in the order above. */
export declare const ERROR_CODES: readonly FichierErrorCode[];

/**
 * The codes whose errors have `retryable: true`: `flood`, `network`, `timeout`, `server`.
 */
export declare const RETRYABLE_CODES: readonly FichierErrorCode[];

/** What the constructor of `FichierError` takes besides the code and the message. */
export interface FichierErrorExtra {
  status?: number;
  serverMessage?: string;
  retryable?: boolean;
  details?: RemoteUploadErrorDetails | UploadCheckErrorDetails;
  cause?: unknown;
}

/**
 * `details` of a `remoteUpload()` failure: which URLs went out before it, which may have,
 * and which certainly did not. Every URL of the call is in exactly one of the three.
 */
export interface RemoteUploadErrorDetails {
  /** The requests that 1fichier accepted before the failure: their jobs exist. */
  sent: RemoteUploadJob[];
  /**
   * The URLs of the failed request when it may have reached 1fichier (a network error or a
   * timeout after it was sent): 1fichier may have created a job for them. Do NOT resend them
   * blindly; check `remoteJobs()` / `remoteJob()` first.
   */
  uncertain: string[];
  /** The URLs that were certainly not sent: safe to resend. */
  unsent: string[];
}

/**
 * `details` of an `upload({ verify: true })` failure once the bytes were sent: the upload's
 * result, and with `corrupt` the links of the files that arrived damaged and whether they were
 * deleted.
 */
export interface UploadCheckErrorDetails {
  result: UploadResult;
  /** With `corrupt`: the links of the files that arrived damaged. */
  damaged?: string[];
  /** With `corrupt`: whether those copies were deleted (needs an API key). */
  deleted?: boolean;
}

/**
 * Every failure of the package (every rejected Promise and every thrown error) is a
 * `FichierError`. `code` is meant for programs, `message` (one sentence) for people; the API
 * key never appears in either.
 */
export declare class FichierError extends Error {
  constructor(code: FichierErrorCode, message: string, extra?: FichierErrorExtra);
  name: 'FichierError';
  code: FichierErrorCode;
  /** HTTP status of the answer; 0 when there was none (network error, bad input…). */
  status: number;
  /** 1fichier's own text, e.g. `'Flood detected: IP Locked #374'`; `''` when none. */
  serverMessage: string;
  /**
   * Whether the same call may succeed later without any change: true for `flood`,
   * `network`, `timeout` and `server` (`RETRYABLE_CODES`). The client already retried as
   * `maxRetries` allows.
   */
  retryable: boolean;
  /**
   * Set by `remoteUpload()` (what was sent, maybe sent and not sent when a request failed) and
   * by `upload({ verify: true })` (the result, and the damaged files).
   */
  details?: RemoteUploadErrorDetails | UploadCheckErrorDetails;
}

// ---------------------------------------------------------------------------------------------
// Client options
// ---------------------------------------------------------------------------------------------

/** The API base URL used when `apiBase` is not given. */
export declare const DEFAULT_API_BASE: 'https://api.1fichier.com/v1';

/**
 * Options of `new Client()`. Timer values (`minIntervalMs`, `floodWaitMs`, `timeoutMs`) are
 * whole numbers from 0 to 2147483647 (what a timer can hold). Unknown keys are refused.
 */
export interface ClientOptions {
  /**
   * The API key of the account (1fichier console → Parameters → API). Sent only as an
   * `Authorization` header to the API and to 1fichier upload nodes; never in messages.
   * Without it, only anonymous `upload()` works.
   */
  apiKey?: string;
  /**
   * Base URL of the API, for a proxy or a local emulator. Default `DEFAULT_API_BASE`. Must be
   * https (the key travels in it), except to localhost/127.x/[::1]; never with `user:pass@`.
   */
  apiBase?: string;
  /**
   * **Unsafe.** Allows a plain `http:` `apiBase` on another host than localhost (a proxy on a
   * private network): anyone on the way can read the API key. Default false.
   */
  allowInsecureHttp?: boolean;
  /**
   * Minimum gap between the starts of two API calls of this client, in ms. Default 1000
   * (about 1 call per second; faster gets flood locks). Concurrent calls queue up.
   */
  minIntervalMs?: number;
  /**
   * Retries of one call, for flood locks and (only for calls that are safe to repeat)
   * network errors, timeouts and 5xx answers. Default 3.
   */
  maxRetries?: number;
  /** Wait after a flood lock before trying again, in ms. Default 30000; 0 fails at once with `flood`. */
  floodWaitMs?: number;
  /**
   * Limit of one HTTP request to the API, in ms (not of an upload body). Default 30000;
   * 0 means no limit.
   */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------------

/** The account, as `userInfo()` and `setUserSettings()` return it. */
export interface UserInfo {
  email: string;
  /** 0 free, 1 Premium, 2 Access, 3 Premium GOLD (1fichier's numbers). */
  offer: number;
  offerName: 'free' | 'premium' | 'access' | 'gold' | 'unknown';
  /** Any paid offer (Premium, Access, GOLD). */
  premium: boolean;
  /** Two-factor authentication: 0 none, 1 code by mail, 2 authenticator app. */
  twoFactor: number;
  mailRm: boolean;
  /** CDN credits, in GB. */
  cdnCredits: number;
  /** End of the subscription; `null` without one. */
  subscriptionEnd: ParisDateTime | null;
  /** Space used in hot storage, in bytes. */
  hotStorage: number;
  /** Space used in cold storage, in bytes. */
  coldStorage: number;
  /** Cold storage quota, in bytes. */
  allowedColdStorage: number;
  /** Space left, in bytes; negative when the account is over its quota. */
  availableStorage: number;
  /** Cold storage left, in bytes. */
  availableColdStorage: number;
  /** Extra quota, in TB. */
  extendedQuota: number;
  extendedQuotaEnd: ParisDateTime | null;
  overquota: boolean;
  uploadForbidden: boolean;
  /** When 1fichier last computed the storage figures. */
  statsDate: ParisDateTime | null;
  /** The account settings, in the shape `setUserSettings()` takes. */
  settings: UserSettings;
}

/**
 * The account settings, as `userInfo()` returns them in `settings`. `setUserSettings()`
 * takes any part of them (at least one), so `setUserSettings((await userInfo()).settings)`
 * works.
 */
export interface UserSettings {
  /** 0: FTP uploads are processed automatically; 1: on `processFtp()`. */
  ftpMode: 0 | 1;
  /** Folder that receives FTP uploads (0 = root). */
  ftpFolderId: number;
  /** Mail a report after FTP uploads. */
  ftpReport: boolean;
  /** Mail a report after remote uploads. */
  remoteUploadReport: boolean;
  /** Domain id of new links, 0 (1fichier.com) to 10. */
  defaultDomain: number;
  /** Items per page in the web console. */
  pageLimit: number;
  defaultPort: 0 | 1;
  defaultPortFiles: 0 | 1;
  /** Serve downloads through the CDN (uses CDN credits). */
  useCdn: boolean;
  downloadMenu: boolean;
}

// ---------------------------------------------------------------------------------------------
// Folders
// ---------------------------------------------------------------------------------------------

export interface ListFolderOptions extends CallOptions {
  /** Also list the files of the folder (in `files`). */
  files?: boolean;
  /** List a folder that this user (email) shares with the account. */
  sharingUser?: string;
}

export interface FolderListing {
  id: number;
  name: string;
  /** Total size in bytes; 1fichier often sends none (`null`). */
  size: number | null;
  fileCount: number | null;
  /** The public link of the folder, or `null` when it is not publicly shared. */
  shareUrl: string | null;
  /** The sub-folders. */
  folders: SubFolder[];
  /** The files of the folder: present only when asked for with `{ files: true }`. */
  files?: FileEntry[];
}

export interface SubFolder {
  id: number;
  name: string;
  /** The folder that holds it (the listed folder). */
  parentId: number;
  /** Creation date; `null` when 1fichier sends none. */
  createdAt: ParisDateTime | null;
  /** Protected by a password. */
  hasPassword: boolean;
}

export interface WalkOptions extends CallOptions {
  /** Walk a folder shared with the account by this user (email). */
  sharingUser?: string;
}

/** One step of `walk()`: a file, or a sub-folder (whose path ends with `/`). */
export type WalkEntry =
  | { path: string; file: FileEntry; folder?: undefined }
  | { path: string; folder: SubFolder; file?: undefined };

export interface CreateFolderOptions extends CallOptions {
  /** Folder that will hold the new folder. Default 0 (the root). */
  parentId?: FolderId;
  /** Create it in a folder that this user (email) shares with the account. */
  sharingUser?: string;
}

export interface CreatedFolder {
  id: number;
  name: string;
  parentId: number;
}

/**
 * Move a folder (`parentId`) or rename it (`name`), exactly one of the two: 1fichier ignores
 * the destination when renaming, so both at once are refused; use two calls.
 */
export type MoveFolderOptions = CallOptions &
  (
    | {
        /** Destination: the folder that will hold it (0 = root). */
        parentId: FolderId;
        /** Move it into a folder that this user (email) shares with the account. */
        sharingUser?: string;
        name?: undefined;
      }
    | {
        /** The new name. */
        name: string;
        parentId?: undefined;
        sharingUser?: undefined;
      }
  );

export interface MovedFolder {
  id: number;
  /** The name before the call. */
  oldName: string;
  /** The name after the call (the same as `oldName` after a move). */
  name: string;
}

/** Someone to share a folder with. */
export interface FolderShare {
  email: string;
  /** Read-write access. Default false. */
  rw?: boolean;
  /** Hide the files' links from them (implies read-only). Default false. */
  hideLinks?: boolean;
}

/** The whole sharing of a folder: what is not given is turned off. */
export interface ShareFolderOptions extends CallOptions {
  /** Publish a public link (`https://1fichier.com/dir/<id>`). Default false. */
  public?: boolean;
  /** Password of the public link (at least 6 characters; needs `public: true`). */
  password?: string;
  /** People to share with; an empty or missing list removes every share. */
  shares?: readonly FolderShare[];
}

export interface SharedFolder {
  /** The public link, or `null` when the folder is not publicly shared. */
  shareUrl: string | null;
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/** A file as listings return it. */
export interface FileEntry {
  url: string;
  name: string;
  /** Bytes. */
  size: number | null;
  /** Upload date. */
  uploadedAt: ParisDateTime | null;
  /** Whirlpool hash, 128 hex digits. */
  whirlpool: string;
  contentType: string;
  /** Protected by a password. */
  hasPassword: boolean;
  /** Has access restrictions (see `fileInfo()`'s `acl`). */
  hasAcl: boolean;
  cdn: boolean;
}

export interface ListFilesOptions extends CallOptions {
  /** List a folder that this user (email) shares with the account. */
  sharingUser?: string;
  /** Only files uploaded before this date. */
  uploadedBefore?: ParisDateTime;
  /** Only files uploaded after this date. */
  uploadedAfter?: ParisDateTime;
}

export interface FileInfoOptions extends CallOptions {
  /** Password of a protected file. */
  password?: string;
}

/** Access restrictions of a file. */
export interface Acl {
  /** IP addresses or ranges, e.g. `'10.0.0.0/8'`. */
  ip: string[];
  /** Country codes, e.g. `'FR'`. */
  country: string[];
  /** Emails of 1fichier accounts. */
  email: string[];
  /** Only Premium users may download. */
  premium: boolean;
}

/** Access restrictions to set: the shape of `Acl`, so `fileInfo()`'s `acl` can be passed back. */
export interface AclInput {
  ip: readonly string[];
  country: readonly string[];
  email: readonly string[];
  /** A boolean (0/1 is refused). */
  premium: boolean;
}

/** A file as `fileInfo()` returns it. */
export interface FileDetails {
  url: string;
  name: string;
  /** Bytes. */
  size: number | null;
  /** Upload date. */
  uploadedAt: ParisDateTime | null;
  /** Folder that holds it in the owner's account; `null` when 1fichier does not say. */
  folderId: number | null;
  /** Folder path in the owner's account, e.g. `'A/B'`. */
  path: string;
  /** Whirlpool hash, 128 hex digits. */
  whirlpool: string;
  contentType: string;
  description: string;
  /** Protected by a password. */
  hasPassword: boolean;
  /** Download links use plain http. */
  noSsl: boolean;
  /** Downloads are served inline (shown in the browser). */
  inline: boolean;
  cdn: boolean;
  /** Access restrictions; `null` when there are none (or they are not shown). */
  acl: Acl | null;
}

/** A file to delete with its removal code (files uploaded without an account). */
export interface FileRemoval {
  url: FileUrl;
  code: string;
}

export interface RemovedFiles {
  removed: number;
}

export interface MoveFilesOptions extends CallOptions {
  /** Destination: the folder that will hold the files (0 = root). Required. */
  folderId: FolderId;
  /** New name; only when moving exactly one file. */
  name?: string;
  /** Move into a folder that this user (email) shares with the account. */
  sharingUser?: string;
}

export interface MovedFiles {
  moved: number;
  /** The links of the moved files (links keep working after a move). */
  urls: string[];
  /** The new name, when the call renamed the file; otherwise `null`. */
  name: string | null;
}

export interface CopyFilesOptions extends CallOptions {
  /** Destination: the folder that will hold the copies (0 = root). Required. */
  folderId: FolderId;
  /** Name of the copy; only when copying exactly one file. */
  name?: string;
  /** Password of protected source files. */
  password?: string;
  /** Copy into a folder that this user (email) shares with the account. */
  sharingUser?: string;
}

export interface CopiedFile {
  /** The link of the file that was copied. */
  sourceUrl: string;
  /** The link of the copy (each copy gets a new link). */
  url: string;
}

export interface CopiedFiles {
  copied: number;
  files: CopiedFile[];
}

export interface FileRename {
  url: FileUrl;
  /** The new name. */
  name: string;
}

export interface RenamedFile {
  url: string;
  /** The name after the call. */
  name: string;
  /** The name before the call. */
  oldName: string;
}

export interface RenamedFiles {
  renamed: number;
  files: RenamedFile[];
}

/**
 * Attributes to change; only the given ones change, and at least one is required (besides
 * `signal`).
 */
export interface FileAttributes extends CallOptions {
  /** New name; only for exactly one file. */
  name?: string;
  description?: string;
  /** At least 6 characters; `''` removes the password. */
  password?: string;
  /** Serve downloads over plain http. */
  noSsl?: boolean;
  /** Serve downloads inline (shown in the browser). */
  inline?: boolean;
  cdn?: boolean;
  /** Access restrictions; `null` removes them all. */
  acl?: AclInput | null;
}

export interface UpdatedFiles {
  updated: number;
}

export interface ScanResult {
  /** 1fichier's verdict, e.g. `'No virus'`. */
  message: string;
  /** Set when 1fichier answered from its 6-hour cache: when that scan ran. */
  scannedAt: ParisDateTime | null;
}

export interface DownloadLinkOptions extends CallOptions {
  /** Serve the file inline (shown in the browser). */
  inline?: boolean;
  /** Serve through the CDN (uses CDN credits). */
  cdn?: boolean;
  /** CDN only: 0 no restriction, 1 no IP change, 2 no sub-requests. */
  restrictIp?: 0 | 1 | 2;
  /** Forbid sub-requests (resumed or parallel downloads) on the link. */
  single?: boolean;
  /** Password of a protected file. */
  password?: string;
  /** A plain http link. */
  noSsl?: boolean;
  /** For a file of a folder shared with the account: the folder that holds it. */
  folderId?: FolderId;
  /** For a file of a folder shared with the account: its name there. */
  name?: string;
  /** For a file of a folder shared with the account: the user (email) who shares it. */
  sharingUser?: string;
}

export interface DownloadLink {
  /** A one-time direct download link, valid about 5 minutes. */
  directUrl: string;
}

/** Bytes of a download so far: `received` counts from the file's start (an offset included). */
export interface DownloadProgress {
  received: number;
  /** The file's size; `null` when the file server does not say. */
  total: number | null;
}

export interface DownloadOptions extends CallOptions {
  /** Password of a protected file. */
  password?: string;
  /** Start at this byte (a Range request); `result.offset` says where the body really starts. */
  offset?: number;
  /**
   * Check the bytes against 1fichier's Whirlpool (one `fileInfo()` call first): the body
   * errors with `corrupt` at its end when they differ. Needs the whole file (no offset).
   */
  verify?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
}

/** A web `ReadableStream` of bytes, as far as the typings need it (the DOM's and Node's fit). */
export interface ByteStream extends AsyncIterable<Uint8Array> {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> };
  cancel(reason?: unknown): Promise<void>;
}

export interface Download {
  /** The file's name as the file server gives it (Content-Disposition); `''` when it does not. */
  name: string;
  /** The whole file's size in bytes; `null` when the file server does not say. */
  size: number | null;
  /** Where `body` starts: the offset asked for, or 0 when the server sent the whole file. */
  offset: number;
  /**
   * The bytes. Errors with a `FichierError`: `network` when the connection drops or the file
   * ends short (resume with `offset`), `aborted`, `corrupt` (with `verify`).
   */
  body: ByteStream;
}

export interface DownloadToFileOptions extends CallOptions {
  /** Password of a protected file. */
  password?: string;
  /** Continue from `<path>.part` when it exists (default true); false starts over. */
  resume?: boolean;
  /** Check the whole file against 1fichier's Whirlpool before it is renamed to `path`. */
  verify?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadedFile {
  path: string;
  name: string;
  /** Bytes in the file. */
  size: number;
  /** Bytes already in `<path>.part` that were kept (0: downloaded from the start). */
  resumedFrom: number;
  /** The Whirlpool checked with `verify`; `null` otherwise. */
  whirlpool: string | null;
}

// ---------------------------------------------------------------------------------------------
// Remote upload
// ---------------------------------------------------------------------------------------------

export interface RemoteUploadOptions extends CallOptions {
  /** Destination: the folder that will hold the files. Default 0, the root. */
  folderId?: FolderId;
  /**
   * Headers 1fichier sends to the source site (cookies, referer…). Names are letters,
   * digits and `-`; values cannot contain line breaks.
   */
  headers?: Record<string, string>;
  /** Source URLs per request (one job per request). Default 20. */
  batchSize?: number;
}

/** One request sent by `remoteUpload()`: one job. */
export interface RemoteUploadJob {
  /** The job id, for `remoteJob()` and `waitForRemoteJob()`. */
  id: number;
  /** The URLs 1fichier fetches for this job. */
  sourceUrls: string[];
}

export interface RemoteJobSummary {
  id: number;
  requestedAt: ParisDateTime | null;
  /** `null` until 1fichier has run the job. */
  executedAt: ParisDateTime | null;
  done: boolean;
}

export interface RemoteJob {
  id: number;
  requestedAt: ParisDateTime | null;
  /** `null` until 1fichier has run the job. */
  executedAt: ParisDateTime | null;
  /** 1fichier exposes no progress: a job is either waiting or done. */
  done: boolean;
  /** The URLs 1fichier fetches for this job. */
  sourceUrls: string[];
  /** One entry per source URL once the job has run; empty before. */
  results: RemoteResult[];
}

export interface RemoteResult {
  /** The URL 1fichier fetched. */
  sourceUrl: string;
  ok: boolean;
  /** The link of the new file on 1fichier, when `ok`; otherwise `null`. */
  url: string | null;
  /** 1fichier's explanation, mostly for failures. */
  message: string;
}

export interface WaitForRemoteJobOptions extends CallOptions {
  /** Gap between two checks, in ms (a whole number up to 2147483647). Default 5000. */
  intervalMs?: number;
  /**
   * Give up after this long, in ms, with a `timeout` error (the job may still run later).
   * Default 600000 (10 minutes); 0 checks once and does not wait.
   */
  maxWaitMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Upload
// ---------------------------------------------------------------------------------------------

/**
 * One file to upload:
 * - a `File` (from an `<input type="file">`, a drop, `new File(...)`);
 * - a `Blob`: a Blob without a name is uploaded as `blob`, as `FormData` does;
 * - `{ name, data }` with the bytes as a Blob, an ArrayBuffer or a typed array / DataView;
 * - a file path (Node only; the file is streamed from disk, never held in memory).
 *
 * Files must not be empty; 1fichier takes up to 300 GB per file.
 */
export type UploadInput =
  | FileLike
  | BlobLike
  | { name: string; data: BlobLike | ArrayBuffer | ArrayBufferView }
  | string;

/** Upload progress, in bytes. */
export interface UploadProgress {
  /**
   * File bytes sent so far, from 0 to `total` (browsers count the multipart framing too,
   * so their count is capped at `total`).
   */
  sent: number;
  /** The total size of the files, in bytes. */
  total: number;
}

export interface UploadOptions extends CallOptions {
  /** Destination: the folder that will hold the files (0 = root). Needs an API key. Default: the root. */
  folderId?: FolderId;
  /** Domain of the links, 0 (1fichier.com) to 10. Default: the account's setting. */
  domain?: number;
  /** Password protecting the uploaded files. */
  password?: string;
  /**
   * Longest wait, in ms, for the upload node to publish the links once the bytes are sent;
   * past it the call fails with `timeout` (the files should still appear later).
   * Default 300000 (5 minutes); 0 checks once and does not wait.
   */
  maxWaitMs?: number;
  /**
   * Longest silence, in ms, of the upload node once it has the whole body: past it the call
   * fails with `timeout` (the file may still appear in the account: look before re-sending).
   * Default 600000 (10 minutes); 0 = no limit. In a service worker, where `fetch` reports no
   * progress, it bounds the whole upload: this much plus one second per 16 kB.
   */
  answerTimeoutMs?: number;
  /**
   * Called as bytes are sent. Browser pages report real progress; service workers (no
   * XMLHttpRequest) report only the start and the end. If it throws while bytes are being
   * sent, the upload stops with `invalid_input` and its error as `cause`; a throw at the last
   * report, once the node has the whole body, is reported like an uncaught error (browsers'
   * `reportError`) and the upload completes.
   */
  onProgress?: (progress: UploadProgress) => void;
  /**
   * Hash each file (Whirlpool) while it is sent and compare with the hash 1fichier computed of
   * what it received. Files that arrived damaged are deleted (with an API key; anonymous
   * uploads keep their removal links) and the call fails with `corrupt`, its
   * `details.result` holding the whole upload's result. Hashing runs at ~50–150 MiB/s on
   * one thread. Default false.
   */
  verify?: boolean;
}

export interface UploadResult {
  /** The uploaded files, one entry per file. */
  files: UploadedFile[];
  /** The files went to the account's "incoming" folder. */
  incoming: boolean;
}

export interface UploadedFile {
  /** The link of the file. */
  url: string;
  name: string;
  /** Bytes. */
  size: number | null;
  /** Removal link of an anonymous upload; `null` for files in an account. */
  removeUrl: string | null;
  /** Whirlpool hash, 128 hex digits. */
  whirlpool: string;
}

// ---------------------------------------------------------------------------------------------
// FTP
// ---------------------------------------------------------------------------------------------

export interface FtpUser {
  user: string;
  /** The folder that receives the user's uploads, when 1fichier says. */
  folderId: number | null;
}

export interface AddFtpUserOptions extends CallOptions {
  /** The folder that will receive the user's uploads. */
  folderId?: FolderId;
}

export interface ProcessedFtp {
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

/**
 * A client of the 1fichier API. Calls are paced (`minIntervalMs`) and retried when that is
 * safe; every method returns a Promise that rejects with a `FichierError`. Every method
 * except `upload()` needs an API key. Every method takes an options object last, with
 * `signal` to abort the call.
 *
 * The default entry embeds the wasm and sets it up on first use, not at import.
 *
 * @throws {FichierError} `invalid_input` on bad options.
 */
export declare class Client {
  constructor(options?: ClientOptions);

  /** The API base URL in use, without a trailing slash. */
  readonly apiBase: string;
  /** Whether the client has an API key. */
  readonly hasApiKey: boolean;

  // Account ------------------------------------------------------------------------------

  /** Reads the account: offer, storage, settings. */
  userInfo(options?: CallOptions): Promise<UserInfo>;
  /**
   * Changes account settings (only the given ones; at least one); resolves to the whole
   * account after the change. `setUserSettings(info.settings)` restores saved settings.
   */
  setUserSettings(settings: Partial<UserSettings>, options?: CallOptions): Promise<UserInfo>;

  // Folders ------------------------------------------------------------------------------

  /**
   * Lists a folder's sub-folders and its files.
   * @param folderId default 0, the root.
   */
  listFolder(folderId: FolderId | undefined, options: ListFolderOptions & { files: true }): Promise<FolderListing & { files: FileEntry[] }>;
  /**
   * Lists a folder's sub-folders; `files` is present only with `{ files: true }`.
   * @param folderId default 0, the root.
   */
  listFolder(folderId?: FolderId, options?: ListFolderOptions): Promise<FolderListing>;
  /**
   * Every file and folder under `folderId` (default 0, the root), depth first: the files of a
   * folder, then each sub-folder and what it holds. One listing per folder, paced like every
   * call; stop early with `break` (or the `signal`). 1fichier lists at most 5000 files a folder:
   * at a folder holding more, the walk fails with `api` rather than pass a partial tree off as
   * whole.
   *
   * ```js
   * for await (const { path, file } of client.walk(123)) if (file) console.log(path, file.size);
   * ```
   */
  walk(folderId?: FolderId, options?: WalkOptions): AsyncIterableIterator<WalkEntry>;
  /** Creates a folder (at most 250 characters) in `parentId` (default: the root). */
  createFolder(name: string, options?: CreateFolderOptions): Promise<CreatedFolder>;
  /** Removes a folder (not the root). */
  removeFolder(folderId: FolderId, options?: CallOptions): Promise<void>;
  /** Moves a folder (`{ parentId }`) or renames it (`{ name }`). */
  moveFolder(folderId: FolderId, options: MoveFolderOptions): Promise<MovedFolder>;
  /**
   * Sets the whole sharing of a folder: public link, password, people. What is not given is
   * turned off: `shareFolder(id)` makes the folder private and unshared.
   */
  shareFolder(folderId: FolderId, options?: ShareFolderOptions): Promise<SharedFolder>;

  // Files --------------------------------------------------------------------------------

  /**
   * Lists the files of a folder.
   * @param folderId default 0, the root; -1 lists every file of the account (1fichier
   *   allows that about once an hour).
   */
  listFiles(folderId?: FolderId, options?: ListFilesOptions): Promise<FileEntry[]>;
  /** Details of one file. */
  fileInfo(url: FileUrl, options?: FileInfoOptions): Promise<FileDetails>;
  /** Deletes files: links of the account's files, or `{ url, code }` for anonymous uploads. */
  removeFiles(files: FileUrl | readonly (FileUrl | FileRemoval)[], options?: CallOptions): Promise<RemovedFiles>;
  /** Moves files into `folderId` (0 = root); `name` renames a single file. */
  moveFiles(urls: FileUrls, options: MoveFilesOptions): Promise<MovedFiles>;
  /** Copies files into `folderId` (0 = root); each copy gets a new link; `name` applies to a single file. */
  copyFiles(urls: FileUrls, options: CopyFilesOptions): Promise<CopiedFiles>;
  /** Renames files: one `{ url, name }` or a list of them. */
  renameFiles(renames: FileRename | readonly FileRename[], options?: CallOptions): Promise<RenamedFiles>;
  /** Changes name, description, password, flags or access restrictions of files. */
  setFileAttributes(urls: FileUrls, attributes: FileAttributes): Promise<UpdatedFiles>;
  /**
   * Scans a file for viruses. A detection rejects, with 1fichier's verdict in
   * `serverMessage`, and 1fichier removes the file.
   */
  scanFile(url: FileUrl, options?: CallOptions): Promise<ScanResult>;
  /** A one-time direct download link, valid about 5 minutes. Needs Premium or Access (or CDN credits). */
  downloadLink(url: FileUrl, options?: DownloadLinkOptions): Promise<DownloadLink>;
  /**
   * Downloads a file with the key's Premium: a one-time link (`downloadLink()`), then its
   * bytes streamed from 1fichier's file server, which gets no key. The streamer loads on
   * first use.
   */
  download(url: FileUrl, options?: DownloadOptions): Promise<Download>;
  /**
   * Node only (elsewhere `invalid_input`): downloads into `<path>.part`, resumes it after a
   * cut, and renames it to `path` only when it is whole (and verified): a file at `path` is
   * never partial, and corrupt bytes leave no file and no part.
   */
  downloadToFile(url: FileUrl, path: string, options?: DownloadToFileOptions): Promise<DownloadedFile>;

  // Remote upload ------------------------------------------------------------------------

  /**
   * Asks 1fichier to fetch URLs into the account, in requests of `batchSize` URLs; resolves
   * to one job per request. Every URL is checked before anything is sent. If a request
   * fails, the error's `details` tell `sent` jobs, `uncertain` URLs (do not resend blindly)
   * and `unsent` URLs (safe to resend).
   */
  remoteUpload(sourceUrls: string | readonly string[], options?: RemoteUploadOptions): Promise<RemoteUploadJob[]>;
  /** The account's remote upload jobs. */
  remoteJobs(options?: CallOptions): Promise<RemoteJobSummary[]>;
  /** One remote upload job, with a result per source URL once it has run. */
  remoteJob(id: JobId, options?: CallOptions): Promise<RemoteJob>;
  /**
   * Polls a remote upload job until it has run (every `intervalMs`), then resolves to it;
   * rejects with `timeout` past `maxWaitMs`.
   */
  waitForRemoteJob(id: JobId, options?: WaitForRemoteJobOptions): Promise<RemoteJob>;

  // Upload -------------------------------------------------------------------------------

  /**
   * Uploads files and resolves once 1fichier has published their links. Works without an
   * API key (anonymous upload, with removal links). Up to 500 files and 500 GB per call.
   * Bytes are streamed, never copied into wasm; in Node, paths are read from disk as sent.
   */
  upload(files: UploadInput | readonly UploadInput[], options?: UploadOptions): Promise<UploadResult>;

  // FTP ----------------------------------------------------------------------------------

  /** The account's FTP users. */
  ftpUsers(options?: CallOptions): Promise<FtpUser[]>;
  /** Adds an FTP user, optionally bound to the folder that receives its uploads. */
  addFtpUser(user: string, password: string, options?: AddFtpUserOptions): Promise<void>;
  /** Removes an FTP user. */
  removeFtpUser(user: string, options?: CallOptions): Promise<void>;
  /** Processes the files uploaded by FTP (when `settings.ftpMode` is 1). */
  processFtp(options?: CallOptions): Promise<ProcessedFtp>;
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

/**
 * The 11 link domains of 1fichier that `parseLink()` recognises, in the order of their domain
 * ids (the `domain` of `upload()`, `defaultDomain`): `LINK_DOMAINS[0]` is `'1fichier.com'`.
 */
export declare const LINK_DOMAINS: readonly string[];

/** A recognised 1fichier link. */
export interface Link {
  /** `direct`: a one-time download link from `downloadLink()`. */
  kind: 'file' | 'folder' | 'direct';
  /** The file id, folder id or download token. */
  id: string;
  /** The link's domain, e.g. `'1fichier.com'`, `'dl4free.com'`, `'a-4.1fichier.com'`. */
  domain: string;
  /**
   * The canonical link: https, original domain kept (some files only work on their own
   * domain), extra parameters (`&af=`, `&lg=`) removed.
   */
  url: string;
}

/**
 * Recognises a 1fichier file, folder or direct link on any of the 11 domains, with or
 * without scheme or `www.`; `null` for anything else. Needs no API key and sends nothing.
 */
export declare function parseLink(text: string): Link | null;

/**
 * Every http(s) URL in free text, in order of appearance, each once; trailing punctuation
 * and unbalanced closing brackets are not part of a URL.
 */
export declare function extractLinks(text: string): string[];

/** Bytes the Whirlpool hasher takes: typed arrays, DataViews, ArrayBuffers, or text (UTF-8). */
export type HashInput = ArrayBufferView | ArrayBuffer | string;

/** A web `ReadableStream` of chunks, as far as hashing needs it. */
interface ReadableStreamLike {
  getReader(): { read(): Promise<{ done: boolean; value?: any }> };
}

/**
 * Whirlpool, the hash 1fichier gives every file (`whirlpool` of listings and uploads), streamed.
 * The hasher is the Rust core's, in a second small wasm loaded on first use, which is why it
 * is made with `await Whirlpool.create()`.
 *
 * ```js
 * const hash = await Whirlpool.create();
 * for await (const chunk of stream) hash.update(chunk);
 * if (hash.digest() !== file.whirlpool) throw new Error('corrupt');
 * ```
 */
export declare class Whirlpool {
  private constructor();
  static create(): Promise<Whirlpool>;
  /** Adds bytes; returns this. Throws `invalid_input` after `digest()`. */
  update(chunk: HashInput): this;
  /** 128 lower-case hex digits; frees the hasher (call it once). */
  digest(): string;
}

/**
 * The Whirlpool digest of a whole Blob/File, bytes, a string, a web `ReadableStream` or an
 * async iterable of chunks (a Node stream), as 128 lower-case hex digits.
 */
export declare function whirlpool(
  data: BlobLike | HashInput | ReadableStreamLike | AsyncIterable<HashInput>,
): Promise<string>;

// Only the declarations marked `export` are part of the module (the *Like helpers are not).
export {};
