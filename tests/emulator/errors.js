// KO answers: `{"status":"KO","message":"<text> #<n>"}` with the HTTP status of the error class.
// The `#<n>` suffix is not a stable code on the real service (the same text has been seen with
// several numbers), so each entry lists the numbers to pick from; `errorNumbers` overrides them.
import { pick } from './util.js';

// kind: [HTTP status, text (`%s` = detail), numbers]. Numbers seen on the real service are noted;
// the others are invented for messages whose wording or number was never captured.
const CATALOGUE = {
  notAuthenticated: [401, 'Not authenticated', [247]], // seen
  noSuchUser: [403, 'No such user', [93]], // seen (HTTP status inferred)
  flood: [403, 'Flood detected: IP Locked', [374, 412, 38, 223]], // seen
  notFound: [404, 'Resource not found', [469]], // seen
  notAllowed: [403, 'Resource not allowed', [631]], // seen
  passwordMissing: [403, 'Password not provided. Resource not allowed', [631]], // wording partly seen
  passwordInvalid: [403, 'Invalid password. Resource not allowed', [631]], // wording partly seen
  notCustomer: [403, 'Must be a customer (Premium, Access)', [236, 200]], // seen (HTTP status chosen)
  notRenamed: [200, 'No file has been renamed', [312]], // seen
  notMoved: [200, 'No file has been moved', [313]],
  notCopied: [200, 'No file has been copied', [314]],
  notRemoved: [200, 'No file has been removed', [315]],
  notUpdated: [200, 'No file has been updated', [316]],
  noChanges: [200, 'No changes requested', [317]], // wording seen, number invented
  invalidParam: [200, 'Invalid %s', [129]],
  invalidJson: [200, 'Invalid JSON request', [128]],
  passwordTooShort: [200, 'Password too short (6 characters minimum)', [131]],
  folderNotEmpty: [200, 'Folder not empty', [152]],
  folderExists: [200, 'Folder already exists', [153]],
  tooManyUrls: [200, 'Too many URLs (%s max)', [171]],
  ftpUserExists: [200, 'FTP user already exists', [182]],
  scanTooBig: [200, 'File too big to be scanned (5 GB max)', [191]],
  virusFound: [200, 'Virus detected (%s), file removed', [192]],
  unknownMethod: [404, 'Unknown API method', [404]],
};

/** Thrown by endpoint code; turned into a KO answer by the request pipeline. */
export class ApiError extends Error {
  constructor(kind, detail) {
    if (!CATALOGUE[kind]) throw new TypeError(`unknown error kind ${kind}`);
    super(detail ? `${kind}: ${detail}` : kind);
    this.kind = kind;
    this.detail = detail;
  }
}

/** Returns `describe(kind, detail) -> { status, message }` honouring the `errorNumbers` option. */
export function createErrorCatalogue(errorNumbers = {}) {
  return function describe(kind, detail) {
    const [status, text, numbers] = CATALOGUE[kind];
    const override = errorNumbers[kind];
    const number = pick(override === undefined ? numbers : [override].flat());
    return { status, message: `${text.replace('%s', detail ?? '')} #${number}` };
  };
}
