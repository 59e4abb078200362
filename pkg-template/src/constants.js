// The package's shared constants, in one place. The Rust core has its own copies (it needs
// them to classify errors and recognise links); `cargo test` checks them against this file
// (tests/constants.rs), and the extension's tests check the extension's copies.

/** The stable codes of `FichierError.code`. */
export const ERROR_CODES = Object.freeze([
  'auth',
  'flood',
  'premium_required',
  'not_found',
  'forbidden',
  'owner_locked',
  'invalid_input',
  'network',
  'timeout',
  'aborted',
  'server',
  'decode',
  'api',
  'corrupt',
]);

/** The codes for which the same call may succeed later without any change. */
export const RETRYABLE_CODES = Object.freeze(['flood', 'network', 'timeout', 'server']);

/** The 11 domains of 1fichier links, by domain id (0 is 1fichier.com). */
export const LINK_DOMAINS = Object.freeze([
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
]);

export const DEFAULT_API_BASE = 'https://api.1fichier.com/v1';

/** The methods of `Client`, each carried out by the core (`src/api/mod.rs`, `METHODS`). */
export const METHODS = Object.freeze([
  'userInfo',
  'setUserSettings',
  'listFolder',
  'walk',
  'createFolder',
  'removeFolder',
  'moveFolder',
  'shareFolder',
  'listFiles',
  'fileInfo',
  'removeFiles',
  'moveFiles',
  'copyFiles',
  'renameFiles',
  'setFileAttributes',
  'scanFile',
  'downloadLink',
  'download',
  'downloadToFile',
  'remoteUpload',
  'remoteJobs',
  'remoteJob',
  'waitForRemoteJob',
  'upload',
  'ftpUsers',
  'addFtpUser',
  'removeFtpUser',
  'processFtp',
]);
