// Must compile: every method and every result of 'onefichier', with results fed back as inputs.
import {
  Client,
  DEFAULT_API_BASE,
  ERROR_CODES,
  extractLinks,
  FichierError,
  LINK_DOMAINS,
  parseLink,
  RETRYABLE_CODES,
  Whirlpool,
  whirlpool as hashOf,
} from 'onefichier';
import type {
  Acl,
  CallOptions,
  CopiedFiles,
  CreatedFolder,
  DownloadLink,
  FichierErrorCode,
  FileDetails,
  FileEntry,
  FolderId,
  FolderListing,
  FtpUser,
  JobId,
  Link,
  MovedFiles,
  MovedFolder,
  ProcessedFtp,
  RemoteJob,
  RemoteJobSummary,
  RemoteResult,
  RemoteUploadErrorDetails,
  RemoteUploadJob,
  RemovedFiles,
  RenamedFiles,
  ScanResult,
  SharedFolder,
  SubFolder,
  UpdatedFiles,
  UploadCheckErrorDetails,
  UploadedFile,
  UploadResult,
  UserInfo,
  UserSettings,
} from 'onefichier';
import { init, initSync, isInitialized, Client as SlimClient, parseLink as slimParseLink } from 'onefichier/slim';

// A signal whose type comes from the package itself, so this file needs no DOM lib.
declare const signal: NonNullable<CallOptions['signal']>;
declare const bytes: Uint8Array<ArrayBuffer>;

export async function everything(): Promise<void> {
  const base: 'https://api.1fichier.com/v1' = DEFAULT_API_BASE;
  const client = new Client({ apiKey: 'key', apiBase: base, minIntervalMs: 0, maxRetries: 0, floodWaitMs: 0, timeoutMs: 0 });
  const apiBase: string = client.apiBase;
  const hasKey: boolean = client.hasApiKey;
  void apiBase;
  void hasKey;

  // Account: the settings read are the settings written.
  const info: UserInfo = await client.userInfo({ signal });
  const settings: UserSettings = info.settings;
  const again: UserInfo = await client.setUserSettings(info.settings, { signal });
  await client.setUserSettings({ useCdn: !settings.useCdn, remoteUploadReport: true, ftpFolderId: again.settings.ftpFolderId });
  await client.setUserSettings({ ftpMode: settings.ftpMode === 0 ? 1 : 0 });
  const storage: number = info.availableStorage + info.hotStorage;
  void storage;

  // Folders.
  const root: FolderListing = await client.listFolder();
  const withFiles = await client.listFolder(0, { files: true, signal });
  const entries: FileEntry[] = withFiles.files;
  const maybe: FileEntry[] | undefined = (await client.listFolder('12', { files: false })).files;
  void maybe;
  const sub: SubFolder = root.folders[0];
  const created: CreatedFolder = await client.createFolder('x', { parentId: sub.parentId, signal });
  await client.createFolder('y', { parentId: '12', sharingUser: 'a@b.c' });
  await client.createFolder('z');
  const listed = await client.listFolder(created.id, { sharingUser: 'a@b.c' });
  const shareUrl: string | null = listed.shareUrl;
  void shareUrl;
  const moved: MovedFolder = await client.moveFolder(created.id, { parentId: sub.id, signal });
  await client.moveFolder(created.id, { parentId: 0, sharingUser: 'a@b.c' });
  const renamedFolder: MovedFolder = await client.moveFolder(moved.id, { name: `${moved.oldName} (2)` });
  void renamedFolder.name;
  const shared: SharedFolder = await client.shareFolder(created.id, {
    public: true,
    password: 'secret1',
    shares: [{ email: 'a@b.c', rw: true, hideLinks: false }],
    signal,
  });
  void shared.shareUrl;
  await client.shareFolder(created.id);
  await client.removeFolder(created.id, { signal });
  await client.removeFolder('12');
  const createdAt: string | null = sub.createdAt;
  const locked: boolean = sub.hasPassword;
  void createdAt;
  void locked;

  // Files.
  const files: FileEntry[] = await client.listFiles(0, { uploadedAfter: '2024-01-01 00:00:00', uploadedBefore: '2025-01-01 00:00:00', signal });
  await client.listFiles(-1);
  await client.listFiles('-1');
  await client.listFiles(sub.id, { sharingUser: 'a@b.c' });
  const first: FileEntry = files[0];
  const flags: boolean[] = [first.hasPassword, first.hasAcl, first.cdn];
  const whirlpool: string = first.whirlpool;
  const uploadedAt: string | null = first.uploadedAt;
  void flags;
  void whirlpool;
  void uploadedAt;
  const details: FileDetails = await client.fileInfo(first.url, { password: 'pw', signal });
  const moves: MovedFiles = await client.moveFiles(entries.map((e) => e.url), { folderId: details.folderId ?? 0 });
  await client.moveFiles(first.url, { folderId: '12', name: 'new.bin', sharingUser: 'a@b.c', signal });
  const movedName: string | null = moves.name;
  void movedName;
  const copies: CopiedFiles = await client.copyFiles(moves.urls, { folderId: sub.id, password: 'pw', signal });
  await client.copyFiles(first.url, { folderId: 0, name: 'copy.bin', sharingUser: 'a@b.c' });
  const copyUrls: string[] = copies.files.map((c) => c.url);
  const sourceUrls: string[] = copies.files.map((c) => c.sourceUrl);
  void sourceUrls;
  const renamed: RenamedFiles = await client.renameFiles(
    entries.map((e) => ({ url: e.url, name: `old-${e.name}` })),
    { signal },
  );
  await client.renameFiles(renamed.files.map(({ url, name }) => ({ url, name })));
  await client.renameFiles({ url: first.url, name: renamed.files[0].oldName });
  const acl: Acl | null = details.acl;
  const updated: UpdatedFiles = await client.setFileAttributes(copyUrls, {
    name: details.name,
    description: details.description,
    password: '',
    noSsl: details.noSsl,
    inline: details.inline,
    cdn: details.cdn,
    acl: details.acl,
    signal,
  });
  await client.setFileAttributes(first.url, { acl: acl ? { ...acl, premium: !acl.premium } : null });
  await client.setFileAttributes(first.url, { acl: { ip: ['10.0.0.0/8'], country: ['FR'], email: [], premium: true } });
  void updated.updated;
  const scan: ScanResult = await client.scanFile(first.url, { signal });
  const scannedAt: string | null = scan.scannedAt;
  void scannedAt;
  const link: DownloadLink = await client.downloadLink(first.url, {
    inline: true,
    cdn: false,
    restrictIp: 2,
    single: true,
    password: 'pw',
    noSsl: false,
    folderId: details.folderId ?? 0,
    name: details.name,
    sharingUser: 'a@b.c',
    signal,
  });
  const direct: Link | null = parseLink(link.directUrl);
  void direct;
  const removed: RemovedFiles = await client.removeFiles([...copyUrls, { url: first.url, code: 'abc' }], { signal });
  await client.removeFiles(first.url);
  void removed.removed;

  // Remote upload: a job's id is a JobId; a failure tells what to resend.
  let jobs: RemoteUploadJob[] = [];
  try {
    jobs = await client.remoteUpload(['https://example.com/a.iso'], { folderId: sub.id, headers: { Cookie: 'a=b' }, batchSize: 5, signal });
    await client.remoteUpload('https://example.com/b.iso', { folderId: '12' });
  } catch (error) {
    if (error instanceof FichierError && error.details && 'sent' in error.details) {
      const d: RemoteUploadErrorDetails = error.details;
      jobs = d.sent;
      const retry: string[] = d.unsent;
      const check: string[] = d.uncertain;
      await client.remoteUpload(retry);
      void check;
    }
  }
  const job: RemoteJob = await client.waitForRemoteJob(jobs[0].id);
  await client.waitForRemoteJob(jobs[0].id, { intervalMs: 1000, maxWaitMs: 0, signal });
  const sameJob: RemoteJob = await client.remoteJob(job.id, { signal });
  await client.remoteJob('42');
  const results: RemoteResult[] = sameJob.results;
  const newUrls: string[] = results.flatMap((r) => (r.ok && r.url !== null ? [r.url] : []));
  await client.moveFiles(newUrls, { folderId: 0 });
  await client.remoteUpload(results.map((r) => r.sourceUrl).concat(job.sourceUrls));
  const summaries: RemoteJobSummary[] = await client.remoteJobs({ signal });
  const jobId: JobId = summaries[0].id;
  const dates: (string | null)[] = [summaries[0].requestedAt, summaries[0].executedAt, job.requestedAt, job.executedAt];
  void jobId;
  void dates;

  // Upload: paths, bytes, results fed back.
  const uploaded: UploadResult = await client.upload(['./a.bin', { name: 'b.bin', data: bytes }, { name: 'c.bin', data: bytes.buffer }], {
    folderId: sub.id,
    domain: 0,
    password: 'secret1',
    maxWaitMs: 60_000,
    onProgress: ({ sent, total }) => void (sent / total),
    signal,
  });
  await client.upload('./d.bin', { folderId: '12' });
  try {
    await client.upload('./e.bin', { verify: true });
  } catch (error) {
    if (error instanceof FichierError && error.code === 'corrupt' && error.details && 'result' in error.details) {
      const check: UploadCheckErrorDetails = error.details;
      const damaged: string[] = check.damaged ?? [];
      void check.result.files;
      void damaged;
    }
  }
  const up: UploadedFile = uploaded.files[0];
  const removeUrl: string | null = up.removeUrl;
  void removeUrl;
  void uploaded.incoming;
  await client.renameFiles(uploaded.files.map(({ url, name }) => ({ url, name: `${name}.old` })));
  await client.setFileAttributes(uploaded.files.map((f) => f.url), { description: up.whirlpool });

  // FTP.
  const users: FtpUser[] = await client.ftpUsers({ signal });
  await client.addFtpUser('bob', 'password1', { folderId: users[0].folderId ?? 0, signal });
  await client.addFtpUser('eve', 'password1');
  await client.removeFtpUser(users[0].user, { signal });
  const processed: ProcessedFtp = await client.processFtp({ signal });
  void processed.message;

  // Links and constants.
  const parsed: Link | null = parseLink('https://1fichier.com/?abcdefghij');
  if (parsed) {
    const kind: 'file' | 'folder' | 'direct' = parsed.kind;
    void kind;
    await client.fileInfo(parsed.url);
  }
  const urls: string[] = extractLinks('see https://1fichier.com/?abc.');
  void urls;

  // Whirlpool, against what 1fichier gives.
  const hasher: Whirlpool = await Whirlpool.create();
  const digest: string = hasher.update(new Uint8Array(1)).update('text').update(new ArrayBuffer(2)).digest();
  const [fileToCheck] = await client.listFiles(0);
  if (fileToCheck && digest === fileToCheck.whirlpool) void (await hashOf(new Uint8Array(1)));
  const domains: readonly string[] = LINK_DOMAINS;
  void domains;
  const codes: readonly FichierErrorCode[] = ERROR_CODES;
  const retryable: boolean = RETRYABLE_CODES.includes(codes[0]);
  void retryable;

  // Errors.
  const error = new FichierError('invalid_input', 'Bad input.', { status: 0, retryable: false });
  const code: FichierErrorCode = error.code;
  const message: string = error.message;
  void code;
  void message;
  void error.serverMessage;

  // Folder ids: numbers or numeric strings.
  const ids: FolderId[] = [0, '0', 12, '12', -1];
  void ids;

  // Slim: bytes or a module synchronously, or anything (URL string, bytes, module, promise) asynchronously.
  initSync(bytes);
  initSync(bytes.buffer);
  await init('https://example.com/onefichier_bg.wasm');
  await init(bytes);
  await init(Promise.resolve(bytes));
  const ready: boolean = isInitialized();
  void ready;
  new SlimClient({ apiKey: 'key' });
  void slimParseLink('x');
}
