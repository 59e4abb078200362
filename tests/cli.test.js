// The `onefichier` command line as users run it: `node pkg/dist/cli.mjs …` in a child process,
// against the local 1fichier emulator. Build it first: node scripts/build-npm.mjs [--skip-cargo]
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from './emulator/index.js';

const CLI = fileURLToPath(new URL('../pkg/dist/cli.mjs', import.meta.url));
const PACKAGE_JSON = new URL('../pkg/package.json', import.meta.url);
const KEY = 'DEMO0123456789abcdefDEMO01234567';
const WRONG_KEY = 'WRNG0123456789abcdefWRNG01234567';

let emu;
let dir;

/**
 * Starts the CLI with the emulator as API and no pacing. `key: null` runs it without
 * ONEFICHIER_API_KEY. The environment is built from scratch so the caller's own
 * ONEFICHIER_* variables cannot leak in.
 */
function start(args, { key = KEY } = {}) {
  const env = { PATH: process.env.PATH, ...(key && { ONEFICHIER_API_KEY: key }) };
  const child = spawn(process.execPath, [CLI, ...args, '--api-base', emu.apiBase, '--min-interval', '0'], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  }).then((run) => {
    for (const secret of [KEY, WRONG_KEY]) {
      assert.ok(
        !run.stdout.includes(secret) && !run.stderr.includes(secret),
        `the API key was printed by: ${args.join(' ')}`,
      );
    }
    return run;
  });
  return { child, done };
}

const cli = (args, options) => start(args, options).done;

/** Runs with --json and returns the parsed document (stdout must hold exactly one). */
async function cliJson(args, options) {
  const run = await cli([...args, '--json'], options);
  return { ...run, json: JSON.parse(run.stdout) };
}

/** The control characters (C0 but the line break, DEL, C1) in a text, as their codes. */
const controlsIn = (text) =>
  [...text]
    .map((char) => char.charCodeAt(0))
    .filter((code) => (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f));

const filesOf = (folderId) => emu.state.files.filter((file) => file.folderId === folderId);

describe('onefichier command line', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build-npm.mjs first`);
    emu = await startEmulator({ remoteDelayMs: 20 });
    dir = mkdtempSync(join(tmpdir(), 'onefichier-cli-'));
  });
  after(async () => {
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => emu.reset());

  it('prints its help, with the exit codes, and the version of the package', async () => {
    const help = await cli(['--help']);
    assert.equal(help.status, 0);
    for (const command of ['whoami', 'ls', 'upload', 'remote', 'jobs', 'link', 'info', 'mkdir', 'rm', 'mv']) {
      assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    }
    assert.match(help.stdout, /Exit codes:\n {2}0 +success\n {2}1 +any other failure\n {2}2 /);
    assert.match(help.stdout, /ONEFICHIER_API_KEY/);
    const upload = await cli(['help', 'upload']);
    assert.match(upload.stdout, /--folder ID/);
    assert.equal((await cli(['mv', '--help'])).stdout.includes('--rename NAME'), true);
    const version = await cli(['--version']);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).version);
    assert.equal((await cli(['-V'])).stdout, version.stdout, '-V is --version');
  });

  it('takes the short flags -q, -V, -h like other command lines', async () => {
    const folder = emu.addFolder({ name: 'gone' });
    const quiet = await cli(['rm', '--folder', String(folder.id), '-q']);
    assert.deepEqual([quiet.status, quiet.stdout, quiet.stderr], [0, '', '']);
    assert.equal(emu.state.folders.length, 0);
    assert.match((await cli(['-h'])).stdout, /-q, --quiet/);
    assert.match((await cli(['-h'])).stdout, /-V, --version/);
  });

  it('shows its progress on the terminal while stdout goes to a file', async () => {
    const path = join(dir, 'progress.bin');
    writeFileSync(path, Buffer.alloc(2_000_000, 1));
    const out = join(dir, 'links.txt');
    // `script` gives the command a terminal; the shell sends stdout to a file, as in `> links.txt`.
    const quote = (text) => `'${text}'`;
    const command = [process.execPath, CLI, 'upload', path, '--api-base', emu.apiBase, '--min-interval', '0']
      .map(quote)
      .join(' ');
    const { stdout: terminal } = await promisify(execFile)(
      'script',
      ['-qefc', `${command} > ${quote(out)}`, '/dev/null'],
      {
        env: { PATH: process.env.PATH, ONEFICHIER_API_KEY: KEY, TERM: 'dumb' },
        timeout: 60_000,
      },
    );
    assert.match(terminal, /\[#{30}\] 100\.0%/, 'the bar reached the terminal');
    const links = readFileSync(out, 'utf8');
    assert.match(links, /^https:\/\/1fichier\.com\/\?\w+/m);
    assert.ok(!/[%\r]/.test(links) && !links.includes('\u001b'), 'nothing of the bar in the redirected output');
  });

  it('--json: the error document on stdout, and one line saying why on stderr', async () => {
    const run = await cliJson(['info', 'https://1fichier.com/?nosuchfile0']);
    assert.equal(run.status, 6);
    assert.equal(run.json.error.code, 'not_found');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /^onefichier: not_found: /);
  });

  it('whoami shows the account as text and as JSON', async () => {
    const text = await cli(['whoami']);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^email +demo@example\.com$/m);
    assert.match(text.stdout, /^offer +premium$/m);
    assert.match(text.stdout, /^available +100\.0 TiB$/m);
    const { status, json } = await cliJson(['whoami']);
    assert.equal(status, 0);
    assert.equal(json.email, 'demo@example.com');
    assert.equal(json.offerName, 'premium');
  });

  it('mkdir creates a folder that ls then shows before the files', async () => {
    emu.addFile({ filename: 'notes.txt', size: 2048 });
    const made = await cli(['mkdir', 'backups']);
    assert.equal(made.status, 0);
    const [id, name] = made.stdout.trim().split(/\s+/);
    assert.equal(name, 'backups');
    assert.ok(emu.state.folders.some((folder) => folder.id === Number(id) && folder.name === 'backups'));

    const listed = await cli(['ls']);
    assert.equal(listed.status, 0);
    const [header, folderLine, fileLine] = listed.stdout.trim().split('\n');
    assert.match(header, /^ID \/ LINK +SIZE +DATE +NAME$/);
    assert.match(folderLine, new RegExp(`^${id} .* backups/$`));
    assert.match(fileLine, /^https:\/\/1fichier\.com\/\?\w+ +2\.0 KiB .* notes\.txt$/);
    const { json } = await cliJson(['ls', '0']);
    assert.deepEqual(
      json.folders.map((folder) => folder.name),
      ['backups'],
    );
    assert.deepEqual(
      json.files.map((file) => file.name),
      ['notes.txt'],
    );
    assert.equal(typeof json.folders[0].createdAt, 'string');
    assert.equal(json.files[0].hasPassword, false);
    const all = await cliJson(['ls', '--all']);
    assert.deepEqual(
      all.json.map((file) => file.name),
      ['notes.txt'],
    );

    // The whole tree, for indexes: paths, one line (or one JSON entry) each.
    emu.addFile({ folderId: Number(id), filename: 'inner.bin', size: 10 });
    const tree = await cli(['ls', '-R']);
    assert.equal(tree.status, 0, tree.stderr);
    const lines = tree.stdout.trim().split('\n');
    assert.match(lines[1], / notes\.txt$/);
    assert.match(lines[2], new RegExp(`^${id} .* backups/$`));
    assert.match(lines[3], /^https:\/\/1fichier\.com\/\?\w+ +10 B .* backups\/inner\.bin$/);
    const index = await cliJson(['ls', '0', '--recursive']);
    assert.deepEqual(
      index.json.map((entry) => [entry.path, entry.file ? entry.file.size : entry.folder.id]),
      [
        ['notes.txt', 2048],
        ['backups/', Number(id)],
        ['backups/inner.bin', 10],
      ],
    );
    assert.equal((await cli(['ls', '--all', '-R'])).status, 2);
  });

  it('upload sends a file from disk into --folder and prints a line for it', async () => {
    const folder = emu.addFolder({ name: 'nas' });
    const path = join(dir, 'report.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const run = await cli(['upload', path, '--folder', String(folder.id)]);
    assert.equal(run.status, 0, run.stderr);
    // stderr is not a terminal here: no progress bar, and nothing else to say.
    assert.equal(run.stderr, '');
    const [stored] = filesOf(folder.id);
    assert.equal(stored.filename, 'report.csv');
    assert.equal(stored.size, 8);
    assert.equal(run.stdout, `${stored.url}  8 B  report.csv\n`);
    const post = emu.requests.find((request) => request.server === 'upload' && request.path === '/upload.cgi');
    assert.equal(post.body.fields.did, String(folder.id));
  });

  it('never lets a control character from a name reach the terminal', async () => {
    const ESC = '\u001b';
    const name = `red${ESC}[31m.txt`;
    const shown = 'red\\x1b[31m.txt';
    const path = join(dir, name);
    writeFileSync(path, 'red');
    // A name that 1fichier holds with more controls: C1 CSI, BEL, a line break.
    emu.addFile({ filename: 'c1\u009b2Jbell\u0007\nnext.txt', size: 10 });
    const runs = [];
    const run = async (args) => {
      const result = await cli(args);
      assert.equal(result.status, 0, result.stderr);
      runs.push(result);
      return result;
    };
    const uploaded = await run(['upload', path]);
    assert.equal(emu.state.files.at(-1).filename, name, 'the name reached 1fichier as it is');
    assert.ok(uploaded.stdout.includes(shown), uploaded.stdout);
    const listed = await run(['ls']);
    assert.ok(listed.stdout.includes(shown), listed.stdout);
    assert.ok(listed.stdout.includes('c1\\x9b2Jbell\\x07\\x0anext.txt'), listed.stdout);
    assert.equal(listed.stdout.trim().split('\n').length, 3, 'one line per file, under the header');
    const url = emu.state.files.at(-1).url;
    assert.match((await run(['info', url])).stdout, /^name +red\\x1b\[31m\.txt$/m);
    await run(['mv', url, '--to', '0', '--rename', `blue${ESC}[34m.txt`]);
    const json = await cli(['ls', '--json']);
    runs.push(json);
    assert.deepEqual(
      JSON.parse(json.stdout)
        .files.map((file) => file.name)
        .sort(),
      [`blue${ESC}[34m.txt`, 'c1\u009b2Jbell\u0007\nnext.txt'],
    );
    for (const { stdout, stderr } of runs) {
      assert.ok(!stdout.includes(ESC) && !stderr.includes(ESC), `a raw ESC: ${stdout}`);
      assert.deepEqual(controlsIn(stdout + stderr), [], stdout);
    }
  });

  it('upload without a key is anonymous, and says so on stderr', async () => {
    const path = join(dir, 'public.txt');
    writeFileSync(path, 'hello');
    const { status, json, stderr } = await cliJson(['upload', path], { key: null });
    assert.equal(status, 0);
    assert.match(stderr, /ONEFICHIER_API_KEY is not set: uploading anonymously/);
    assert.match(json.files[0].removeUrl, /\/remove\//);
    assert.equal(json.files[0].name, 'public.txt');
    assert.equal(emu.state.files[0].owner, null);
  });

  it('remote --wait prints the link of each URL, and exits 1 when one failed', async () => {
    const folder = emu.addFolder({ name: 'fetched' });
    const good = `${emu.origin}/__emulator/source/a.bin?size=1000`;
    const run = await cli(['remote', good, '--folder', String(folder.id), '--wait', '--poll-interval', '20']);
    assert.equal(run.status, 0, run.stderr);
    const [stored] = filesOf(folder.id);
    assert.equal(stored.filename, 'a.bin');
    assert.equal(run.stdout, `ok  ${good}  ${stored.url}\n`);

    const bad = `${emu.origin}/__emulator/source/b.bin?status=404`;
    const mixed = await cliJson(['remote', good, bad, '--wait', '--poll-interval', '20']);
    assert.equal(mixed.status, 1);
    assert.match(mixed.stderr, /1 of 2 URLs could not be fetched/);
    assert.deepEqual(
      mixed.json[0].results.map((result) => [result.sourceUrl, result.ok]),
      [
        [good, true],
        [bad, false],
      ],
    );
    assert.deepEqual(mixed.json[0].sourceUrls, [good, bad]);
    assert.equal(mixed.json[0].results[1].url, null);

    const jobs = await cli(['jobs']);
    assert.match(jobs.stdout, /^JOB +REQUESTED +EXECUTED +STATUS$/m);
    assert.equal(jobs.stdout.match(/ done$/gm).length, 2);
    const listed = await cliJson(['jobs']);
    assert.ok(listed.json.every((job) => typeof job.requestedAt === 'string' && typeof job.executedAt === 'string'));

    const sent = await cliJson(['remote', good]);
    assert.equal(sent.status, 0);
    assert.deepEqual(
      sent.json.map((job) => job.sourceUrls),
      [[good]],
    );
  });

  it('remote names what was sent and what was not when a request fails', async () => {
    const urls = ['https://a.example/1', 'https://a.example/2'];
    emu.inject({ path: 'remote/request.cgi', type: 'ko', status: 200, message: 'Owner locked #620' });
    const text = await cli(['remote', ...urls, '--batch-size', '1']);
    assert.equal(text.status, 6);
    assert.match(text.stderr, new RegExp(`Not sent \\(safe to resend\\):\n  ${urls[0]}\n  ${urls[1]}`));
    emu.inject({ path: 'remote/request.cgi', type: 'ko', status: 200, message: 'Owner locked #620' });
    const { status, json } = await cliJson(['remote', ...urls, '--batch-size', '1']);
    assert.equal(status, 6);
    assert.deepEqual(json.error.details, { sent: [], uncertain: [], unsent: urls });
  });

  it('download fetches a folder tree in parallel, verified; a rerun skips what is complete', async () => {
    const top = emu.addFolder({ name: 'Photos' });
    const inner = emu.addFolder({ name: '2026', parentId: top.id });
    emu.addFile({ folderId: top.id, filename: 'a.jpg', size: 300_000 });
    emu.addFile({ folderId: top.id, filename: 'b.jpg', size: 200_000 });
    emu.addFile({ folderId: inner.id, filename: 'c.jpg', size: 100_000 });
    const to = join(dir, 'tree');
    const first = await cliJson(['download', String(top.id), '--to', to, '--parallel', '2']);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(
      first.json.files.map((file) => [file.status, file.path.slice(to.length + 1)]),
      [
        ['downloaded', 'a.jpg'],
        ['downloaded', 'b.jpg'],
        ['downloaded', join('2026', 'c.jpg')],
      ],
    );
    for (const file of emu.state.files) {
      const path = file.folderId === inner.id ? join(to, '2026', file.filename) : join(to, file.filename);
      assert.equal(createHash('whirlpool').update(readFileSync(path)).digest('hex'), file.checksum, file.filename);
    }
    emu.requests.length = 0;
    const again = await cliJson(['download', String(top.id), '--to', to]);
    assert.equal(again.status, 0);
    assert.deepEqual(
      again.json.files.map((file) => file.status),
      ['skipped', 'skipped', 'skipped'],
    );
    assert.equal(emu.requests.filter((request) => request.path.startsWith('/dl/')).length, 0);
  });

  it('download resumes a cut file on the next run, and exits 5 without Premium', async () => {
    const file = emu.addFile({ filename: 'big.iso', size: 2_000_000 });
    const to = join(dir, 'cut');
    emu.inject({ path: '/dl/', type: 'truncated' });
    const cut = await cli(['download', file.url, '--to', to]);
    assert.equal(cut.status, 7, cut.stderr);
    assert.match(cut.stderr, /1 file failed: run the same command again to resume/);
    const kept = statSync(join(to, 'big.iso.part')).size;
    assert.ok(kept > 0 && kept < 2_000_000);
    const resumed = await cliJson(['download', file.url, '--to', to]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(resumed.json.files[0].status, 'resumed');
    assert.equal(statSync(join(to, 'big.iso')).size, 2_000_000);
    assert.equal(existsSync(join(to, 'big.iso.part')), false);

    emu.state.accounts[0].offer = 0;
    const free = await cli(['download', file.url, '--to', join(dir, 'free')]);
    assert.equal(free.status, 5, free.stderr);
    assert.match(free.stderr, /Premium/);
  });

  it('check compares a local folder with a 1fichier tree by name, size and Whirlpool', async () => {
    const top = emu.addFolder({ name: 'Backup' });
    const inner = emu.addFolder({ name: 'db', parentId: top.id });
    emu.addFile({ folderId: top.id, filename: 'notes.txt', content: 'hello' });
    emu.addFile({ folderId: inner.id, filename: 'dump.sql', content: 'create table' });
    const local = join(dir, 'check');
    mkdirSync(join(local, 'db'), { recursive: true });
    writeFileSync(join(local, 'notes.txt'), 'hello');
    writeFileSync(join(local, 'db', 'dump.sql'), 'create table');
    const same = await cli(['check', local, String(top.id)]);
    assert.equal(same.status, 0, same.stderr);
    assert.match(same.stdout, /2 files: all match/);
    writeFileSync(join(local, 'notes.txt'), 'HELLO'); // same size, other bytes
    writeFileSync(join(local, 'extra.bin'), 'x');
    rmSync(join(local, 'db', 'dump.sql'));
    const differ = await cliJson(['check', local, String(top.id)]);
    assert.equal(differ.status, 1);
    assert.deepEqual(differ.json.differences, [
      { path: join('db', 'dump.sql'), difference: 'only-remote' },
      { path: 'extra.bin', difference: 'only-local' },
      { path: 'notes.txt', difference: 'whirlpool' },
    ]);
    const sizes = await cliJson(['check', local, String(top.id), '--size-only']);
    assert.deepEqual(
      sizes.json.differences.map((entry) => entry.difference),
      ['only-remote', 'only-local'],
    );
  });

  it('prune prints its plan and deletes nothing without --yes; keeps undated files', async () => {
    const folder = emu.addFolder({ name: 'Nightly' });
    for (const date of ['2026-01-01 03:00:00', '2026-02-01 03:00:00', '2026-03-01 03:00:00'])
      emu.addFile({ folderId: folder.id, filename: `backup-${date.slice(0, 10)}.tar`, size: 10, date });
    emu.addFile({ folderId: folder.id, filename: 'backup-today.tar', size: 10 });
    const count = () => filesOf(folder.id).length;
    const plan = await cli(['prune', String(folder.id), '--keep', '2']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout, /Would delete 2 files \(run again with --yes/);
    assert.match(plan.stdout, /backup-2026-01-01\.tar/);
    assert.equal(count(), 4, 'nothing deleted without --yes');
    const old = await cliJson(['prune', String(folder.id), '--older-than', '30d', '--keep', '1']);
    assert.deepEqual(
      old.json.files.map((file) => file.name),
      ['backup-2026-03-01.tar', 'backup-2026-02-01.tar', 'backup-2026-01-01.tar'],
    );
    const done = await cliJson(['prune', String(folder.id), '--keep', '2', '--yes']);
    assert.equal(done.json.removed, 2);
    assert.deepEqual(
      filesOf(folder.id)
        .map((file) => file.filename)
        .sort(),
      ['backup-2026-03-01.tar', 'backup-today.tar'],
    );
    const refused = await cli(['prune', String(folder.id)]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /prune needs --keep N or --older-than AGE/);
    const badAge = await cli(['prune', String(folder.id), '--older-than', 'a month']);
    assert.equal(badAge.status, 2);
  });

  it("runs the README's nightly backup recipe: upload, then prune to the newest N", async () => {
    const readme = readFileSync(new URL('../pkg-template/README.md', import.meta.url), 'utf8');
    const recipe = /### Nightly backup\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(recipe, 'the README has the recipe');
    const folder = emu.addFolder({ name: 'Backups' });
    const root = join(dir, 'recipe');
    mkdirSync(join(root, 'srv', 'site'), { recursive: true });
    mkdirSync(join(root, 'backups'));
    writeFileSync(join(root, 'srv', 'site', 'index.html'), '<h1>site</h1>');
    writeFileSync(join(root, 'key'), KEY);
    // Only the machine-specific parts change: paths, the folder id, the command, no pacing.
    const script = recipe
      .replace('KEY_FILE=/etc/onefichier.key', `KEY_FILE='${join(root, 'key')}'`)
      .replace('FOLDER=123456', `FOLDER=${folder.id}`)
      .replace('LOG=/var/log/onefichier-backup.log', `LOG='${join(root, 'backup.log')}'`)
      .replaceAll('/var/backups', `'${join(root, 'backups')}'`)
      .replace('-C /srv site', `-C '${join(root, 'srv')}' site`)
      .replaceAll('npx onefichier', `'${process.execPath}' '${CLI}'`)
      .replaceAll(' -q', ' -q --min-interval 0')
      .replace('--keep 7', '--keep 2');
    const path = join(root, 'backup.sh');
    for (let night = 0; night < 3; night++) {
      // Three nights in one day: each archive gets a name of its own.
      writeFileSync(path, script.replace('$(date +%F)', `$(date +%F)-${night}`));
      const run = await promisify(execFile)('sh', [path], {
        env: { PATH: process.env.PATH, ONEFICHIER_API_BASE: emu.apiBase },
      });
      assert.equal(run.stdout + run.stderr, '', 'quiet on success: cron mails nothing');
    }
    assert.equal(filesOf(folder.id).length, 2, 'the newest 2 kept');
    assert.ok(filesOf(folder.id).every((file) => /^site-\d{4}-\d\d-\d\d-\d\.tar\.gz$/.test(file.filename)));
    assert.equal(readdirSync(join(root, 'backups', 'site')).length, 3, 'the local copies stay for 3 days');
    const log = readFileSync(join(root, 'backup.log'), 'utf8').trim().split('\n');
    assert.equal(log.length, 3, 'a line per night');
    assert.ok(
      log.every((line, night) => line.startsWith('upload') && line.endsWith(`-${night}.tar.gz`)),
      log.join('\n'),
    );
  });

  it('upload takes folders: their tree is made (or reused) and --skip-existing sends nothing twice', async () => {
    const dest = emu.addFolder({ name: 'Dest' });
    const site = join(dir, 'site');
    mkdirSync(join(site, 'img'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>hi</h1>');
    writeFileSync(join(site, 'img', 'logo.png'), 'png bytes');
    writeFileSync(join(site, 'img', 'empty.log'), '');
    const single = join(dir, 'readme.txt');
    writeFileSync(single, 'read me');
    const first = await cliJson(['upload', site, single, '--folder', String(dest.id)]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /1 empty file left out .*: site\/img\/empty\.log/);
    assert.deepEqual(
      first.json.files.map((file) => file.path).sort(),
      [join('site', 'img', 'logo.png'), join('site', 'index.html'), 'readme.txt'].sort(),
    );
    const siteFolder = emu.state.folders.find((folder) => folder.name === 'site' && folder.parentId === dest.id);
    const imgFolder = emu.state.folders.find((folder) => folder.name === 'img' && folder.parentId === siteFolder.id);
    assert.deepEqual(
      filesOf(imgFolder.id).map((file) => file.filename),
      ['logo.png'],
    );
    assert.deepEqual(
      filesOf(siteFolder.id).map((file) => file.filename),
      ['index.html'],
    );
    writeFileSync(join(site, 'new.css'), 'body{}');
    const again = await cliJson(['upload', site, single, '--folder', String(dest.id), '--skip-existing']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      again.json.files.map((file) => file.path),
      [join('site', 'new.css')],
    );
    assert.equal(again.json.skipped.length, 3);
    assert.equal(emu.state.folders.filter((folder) => folder.name === 'site').length, 1, 'the folder is reused');
    const anonymous = await cli(['upload', site], { key: null });
    assert.equal(anonymous.status, 2);
    assert.match(anonymous.stderr, /needs an API key/);
  });

  it('upload --verify exits 8 on a damaged upload and leaves no damaged copy; --skip-existing then compares hashes', async () => {
    const dest = emu.addFolder({ name: 'Verified' });
    const id = String(dest.id);
    const path = join(dir, 'data.bin');
    writeFileSync(path, 'first version');
    const first = await cliJson(['upload', path, '--folder', id, '--verify']);
    assert.equal(first.status, 0, first.stderr);
    // Same name and size, other bytes: only --verify tells them apart.
    writeFileSync(path, 'other version');
    const bySize = await cliJson(['upload', path, '--folder', id, '--skip-existing']);
    assert.deepEqual([bySize.json.files, bySize.json.skipped], [[], ['data.bin']]);
    const byHash = await cliJson(['upload', path, '--folder', id, '--skip-existing', '--verify']);
    assert.equal(byHash.json.files.length, 1, byHash.stderr);
    const same = await cliJson(['upload', path, '--folder', id, '--skip-existing', '--verify']);
    assert.deepEqual(same.json.skipped, ['data.bin']);
    emu.inject({ path: 'upload.cgi', type: 'damaged' });
    const damaged = await cli(['upload', path, '--folder', id, '--verify']);
    assert.equal(damaged.status, 8);
    assert.match(damaged.stderr, /"data\.bin" arrived damaged: .*deleted from 1fichier/);
    assert.equal(filesOf(dest.id).length, 2, 'the damaged copy is gone');
  });

  it('sync: --dry-run changes nothing; a rerun uploads nothing twice, even after an interruption', async () => {
    const dest = emu.addFolder({ name: 'Mirror' });
    const id = String(dest.id);
    const src = join(dir, 'mirror');
    mkdirSync(join(src, 'docs', 'empty'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'aaa');
    writeFileSync(join(src, 'docs', 'b.txt'), 'bbb');
    writeFileSync(join(src, 'docs', '.keep'), ''); // 1fichier stores no empty file: left out, said once
    const uploads = () =>
      emu.requests.filter((r) => r.path === '/upload.cgi').map((r) => r.body.files.map((f) => f.filename).join());
    const remote = (folderId) =>
      filesOf(folderId)
        .map((f) => f.filename)
        .sort();
    const folderNamed = (name) => emu.state.folders.find((f) => f.name === name);

    const dry = await cliJson(['sync', src, id, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stderr, /1 empty file left out \(1fichier stores no empty file\): docs\/\.keep/);
    assert.deepEqual(
      dry.json.plan.map((step) => [step.action, step.path]),
      [
        ['mkdir', 'docs'],
        ['mkdir', join('docs', 'empty')],
        ['upload', 'a.txt'],
        ['upload', join('docs', 'b.txt')],
      ],
    );
    assert.deepEqual([uploads(), emu.state.folders.length], [[], 1], 'a dry run changes nothing');

    const first = await cli(['sync', src, id]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^Done: 4 steps\.\nmkdir +docs\n/);
    assert.deepEqual(remote(dest.id), ['a.txt']);
    assert.deepEqual(remote(folderNamed('docs').id), ['b.txt']);
    assert.equal(folderNamed('empty').parentId, folderNamed('docs').id);

    emu.requests.length = 0;
    const again = await cli(['sync', src, id]);
    assert.equal(again.stdout, 'Up to date.\n');
    assert.deepEqual(uploads(), []);

    // a.txt changes but keeps its size (seen by its Whirlpool: modified after its upload),
    // b.txt changes size, c.txt and d.txt are new; the upload of d.txt is cut.
    const later = new Date(Date.now() + 5000);
    writeFileSync(join(src, 'a.txt'), 'AAA');
    utimesSync(join(src, 'a.txt'), later, later);
    writeFileSync(join(src, 'docs', 'b.txt'), 'bbbb');
    writeFileSync(join(src, 'c.txt'), 'c');
    writeFileSync(join(src, 'd.txt'), 'd');
    emu.inject({ path: 'upload.cgi', type: '5xx', status: 502, skip: 2 });
    const cut = await cliJson(['sync', src, id]);
    assert.equal(cut.status, 7, cut.stderr);
    assert.deepEqual(
      cut.json.done.map((step) => [step.action, step.path]),
      [
        ['replace', 'a.txt'],
        ['upload', 'c.txt'],
        ['replace', join('docs', 'b.txt')],
      ],
      'one file failing does not stop the others',
    );
    assert.match(cut.stderr, /1 step failed: run the same command again to finish\.\n {2}d\.txt: /);
    emu.requests.length = 0;
    const rerun = await cliJson(['sync', src, id]);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.deepEqual(uploads(), ['d.txt'], 'only what the cut left');
    assert.deepEqual(remote(dest.id), ['a.txt', 'c.txt', 'd.txt']);
    assert.deepEqual(remote(folderNamed('docs').id), ['b.txt']);
    const stored = (name) => emu.state.files.find((f) => f.filename === name);
    assert.equal(stored('a.txt').size, 3);
    assert.equal(stored('b.txt').size, 4, 'the old copy went once the new one was there');

    // A replacement cut between the upload and the removal leaves two copies: the rerun keeps the right one.
    emu.addFile({ folderId: dest.id, filename: 'c.txt', content: 'old c' });
    emu.addFile({ folderId: dest.id, filename: 'stale.txt', content: 'gone here' });
    const gone = emu.addFolder({ name: 'gone', parentId: dest.id });
    const plan = await cliJson(['sync', src, id, '--delete', '--dry-run']);
    assert.deepEqual(
      plan.json.plan.map((step) => [step.action, step.path]),
      [
        ['remove', 'c.txt'],
        ['delete', 'stale.txt'],
        ['rmdir', 'gone'],
      ],
    );
    assert.ok(
      emu.state.folders.some((f) => f.id === gone.id),
      '--dry-run deletes nothing',
    );
    const without = await cli(['sync', src, id]);
    assert.equal(without.status, 0, without.stderr);
    assert.deepEqual(remote(dest.id), ['a.txt', 'c.txt', 'd.txt', 'stale.txt'], 'no --delete: stale.txt stays');
    assert.equal(stored('c.txt').size, 1);
    const mirrored = await cli(['sync', src, id, '--delete']);
    assert.equal(mirrored.status, 0, mirrored.stderr);
    assert.deepEqual(remote(dest.id), ['a.txt', 'c.txt', 'd.txt']);
    assert.ok(!emu.state.folders.some((f) => f.id === gone.id));
    const check = await cli(['check', src, id]);
    assert.equal(check.status, 0, check.stdout + check.stderr);

    // An empty (unmounted?) local folder never empties the remote one.
    const unmounted = join(dir, 'unmounted');
    mkdirSync(unmounted);
    const refused = await cli(['sync', unmounted, id, '--delete']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /is empty: --delete would empty folder \d+ on 1fichier\. Refused/);
    assert.deepEqual(remote(dest.id), ['a.txt', 'c.txt', 'd.txt']);
  });

  it('sync warns, even with -q, when 1fichier stores a folder under another name', async () => {
    const dest = emu.addFolder({ name: 'Padded' });
    const src = join(dir, 'padded');
    // The local 1fichier trims names (its choice where the fact base is silent): one way a name changes.
    mkdirSync(join(src, ' spaced'), { recursive: true });
    writeFileSync(join(src, ' spaced', 'a.txt'), 'a');
    const run = await cli(['sync', src, String(dest.id), '-q']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stderr,
      /warning: 1fichier stored " spaced" as "spaced": sync pairs by name, so it will make this folder again/,
    );
  });

  it('cp, rename, share, ftp and settings reach the rest of the API', async () => {
    const folder = emu.addFolder({ name: 'Shared' });
    const file = emu.addFile({ filename: 'a.txt', content: 'abc' });
    const copied = await cliJson(['cp', file.url, '--to', String(folder.id), '--rename', 'copy.txt']);
    assert.equal(copied.status, 0, copied.stderr);
    assert.deepEqual(
      filesOf(folder.id).map((f) => f.filename),
      ['copy.txt'],
    );
    assert.equal(copied.json.files[0].sourceUrl, file.url);
    assert.equal((await cli(['cp', file.url])).status, 2, 'cp needs --to');

    const renamed = await cli(['rename', file.url, 'b.txt']);
    assert.equal(renamed.status, 0, renamed.stderr);
    assert.equal(emu.state.files.find((f) => f.url === file.url).filename, 'b.txt');
    const folderRenamed = await cli(['rename', '--folder', String(folder.id), 'Public']);
    assert.match(folderRenamed.stdout, /"Shared" -> "Public"/);

    const sharePassword = join(dir, 'share-password');
    writeFileSync(sharePassword, 'secret12\n');
    const shared = await cli(['share', String(folder.id), '--password-file', sharePassword]);
    assert.equal(shared.status, 0, shared.stderr);
    assert.equal(emu.requests.filter((r) => r.path === '/v1/folder/share.cgi').at(-1).body.pass, 'secret12');
    const both = await cli(['share', String(folder.id), '--password', 'x', '--password-file', sharePassword]);
    assert.equal(both.status, 2);
    assert.match(shared.stdout, /^https?:\/\/\S+\/dir\/\S+\n$/);
    const people = await cliJson(['share', String(folder.id), '--private', '--with', 'x@example.com', '--rw']);
    assert.equal(people.json.shareUrl, null);
    const sent = emu.requests.filter((r) => r.path === '/v1/folder/share.cgi').at(-1).body;
    assert.deepEqual(
      sent.shares.map((s) => [s.email, s.rw]),
      [['x@example.com', 1]],
    );
    const off = await cliJson(['share', String(folder.id), '--off']);
    assert.equal(off.json.shareUrl, null);
    assert.equal((await cli(['share', String(folder.id), '--off', '--with', 'x@example.com'])).status, 2);
    assert.equal((await cli(['share', String(folder.id), '--private', '--password', 'secret12'])).status, 2);

    const passwordFile = join(dir, 'ftp-password');
    writeFileSync(passwordFile, 'ftp-secret-1\n');
    const added = await cli(['ftp', 'add', 'backup', '--password-file', passwordFile, '--folder', String(folder.id)]);
    assert.equal(added.status, 0, added.stderr);
    const users = await cliJson(['ftp', 'users']);
    assert.ok(
      users.json.some((u) => u.user.endsWith('backup')),
      JSON.stringify(users.json),
    );
    const noPassword = await cli(['ftp', 'add', 'other']);
    assert.equal(noPassword.status, 2);
    assert.match(noPassword.stderr, /ONEFICHIER_FTP_PASSWORD/);
    const processed = await cli(['ftp', 'process']);
    assert.equal(processed.status, 0, processed.stderr);
    const removed = await cli(['ftp', 'rm', users.json[0].user]);
    assert.equal(removed.status, 0, removed.stderr);
    assert.equal((await cli(['ftp', 'list'])).status, 2);

    const before = await cliJson(['settings']);
    assert.equal(typeof before.json.useCdn, 'boolean');
    const changed = await cliJson(['settings', 'useCdn=true', `ftpFolderId=${folder.id}`]);
    assert.equal(changed.status, 0, changed.stderr);
    assert.deepEqual([changed.json.useCdn, changed.json.ftpFolderId], [true, folder.id]);
    const shown = await cli(['settings']);
    assert.match(shown.stdout, /^useCdn +true$/m);
    const wrong = await cli(['settings', 'useCdn=maybe']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /useCdn/);
  });

  it('link prints a download link, and info the details of a file', async () => {
    const file = emu.addFile({ filename: 'movie.mkv', size: 3 * 2 ** 20 });
    const link = await cli(['link', file.url, '--inline']);
    assert.equal(link.status, 0);
    assert.match(link.stdout, new RegExp(`^${emu.origin}/dl/p\\d+\\n$`));
    assert.ok(emu.state.tokens[0].inline, 'asked for an inline link');
    const linkJson = await cliJson(['link', file.url]);
    assert.match(linkJson.json.directUrl, new RegExp(`^${emu.origin}/dl/p\\d+$`));
    const info = await cli(['info', file.url]);
    assert.match(info.stdout, /^name +movie\.mkv$/m);
    assert.match(info.stdout, /^size +3\.0 MiB \(3145728 bytes\)$/m);
    assert.match(info.stdout, /^password +no$/m);
    assert.match(info.stdout, /^whirlpool +[0-9a-f]{128}$/m);
    const { json } = await cliJson(['info', file.url]);
    assert.equal(json.name, 'movie.mkv');
    assert.equal(json.hasPassword, false);
    assert.equal(json.whirlpool.length, 128);
    assert.equal(typeof json.uploadedAt, 'string');
  });

  it('mv moves files and renames folders', async () => {
    const folder = emu.addFolder({ name: 'old' });
    const file = emu.addFile({ filename: 'a.txt' });
    const moved = await cli(['mv', file.url, '--to', String(folder.id), '--rename', 'b.txt']);
    assert.equal(moved.status, 0, moved.stderr);
    assert.match(moved.stdout, /Moved 1 file into folder \d+, renamed "b\.txt"/);
    assert.deepEqual(
      filesOf(folder.id).map((f) => f.filename),
      ['b.txt'],
    );
    const renamed = await cli(['mv', '--folder', String(folder.id), '--rename', 'new']);
    assert.equal(renamed.status, 0, renamed.stderr);
    assert.match(renamed.stdout, /"old" -> "new"/);
    assert.equal(emu.state.folders[0].name, 'new');
    const renamedJson = await cliJson(['mv', '--folder', String(folder.id), '--rename', 'newer']);
    assert.deepEqual(renamedJson.json, { id: folder.id, oldName: 'new', name: 'newer' });
    const other = emu.addFolder({ name: 'other' });
    const movedFolder = await cli(['mv', '--folder', String(other.id), '--to', String(folder.id)]);
    assert.equal(movedFolder.status, 0, movedFolder.stderr);
    assert.equal(emu.state.folders.find((f) => f.id === other.id).parentId, folder.id);
    assert.equal((await cli(['mv', file.url])).status, 2, 'files need --to');
    const both = await cli(['mv', '--folder', String(other.id), '--to', '0', '--rename', 'x']);
    assert.equal(both.status, 2, 'a folder is moved or renamed, not both');
    const movedJson = await cliJson(['mv', file.url, '--to', '0']);
    assert.deepEqual(movedJson.json, { moved: 1, urls: [file.url], name: null });
  });

  it('rm deletes files, or a folder; --quiet leaves nothing to read on success', async () => {
    const folder = emu.addFolder({ name: 'empty' });
    const files = [emu.addFile({ filename: 'a' }), emu.addFile({ filename: 'b' })];
    const removed = await cli(['rm', ...files.map((file) => file.url)]);
    assert.equal(removed.stdout, 'Removed 2 files.\n');
    assert.equal(emu.state.files.length, 0);
    const quiet = await cli(['rm', '--folder', String(folder.id), '--quiet']);
    assert.deepEqual([quiet.status, quiet.stdout, quiet.stderr], [0, '', '']);
    assert.equal(emu.state.folders.length, 0);
  });

  it('exits 3 with a wrong or a missing key', async () => {
    const wrong = await cliJson(['whoami'], { key: WRONG_KEY });
    assert.equal(wrong.status, 3);
    assert.equal(wrong.json.error.code, 'auth');
    assert.equal(wrong.json.error.status, 401);
    const missing = await cli(['ls'], { key: null });
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /set ONEFICHIER_API_KEY/);
    assert.equal(missing.stdout, '');
  });

  it('exits 4 on a flood lock when --flood-wait is 0', async () => {
    emu.inject({ path: 'user/info.cgi', type: 'flood' });
    const run = await cliJson(['whoami', '--flood-wait', '0']);
    assert.equal(run.status, 4);
    assert.equal(run.json.error.code, 'flood');
    assert.match(run.json.error.serverMessage, /Flood detected/);
  });

  it('exits 6 when the file does not exist, 7 on a server error', async () => {
    const missing = await cli(['info', 'https://1fichier.com/?nosuchfile0']);
    assert.equal(missing.status, 6);
    // mkdir is not repeated after a 5xx (it may have happened), so this fails at once.
    emu.inject({ path: 'folder/mkdir.cgi', type: '5xx' });
    const broken = await cli(['mkdir', 'x']);
    assert.equal(broken.status, 7);
  });

  it('exits 2, with the usage on stderr, on bad arguments and options', async () => {
    const badId = await cliJson(['ls', 'abc']);
    assert.equal(badId.status, 2);
    assert.equal(badId.json.error.code, 'invalid_input');
    assert.equal(emu.requests.length, 0, 'nothing was sent');

    const unknownOption = await cli(['ls', '--colour']);
    assert.equal(unknownOption.status, 2);
    assert.match(unknownOption.stderr, /Unknown option '--colour'/);
    assert.match(unknownOption.stderr, /Usage: onefichier/);
    const misplaced = await cli(['whoami', '--folder', '3']);
    assert.equal(misplaced.status, 2);
    assert.match(misplaced.stderr, /whoami has no option --folder/);
    const unknownCommand = await cli(['fetch']);
    assert.equal(unknownCommand.status, 2);
    assert.match(unknownCommand.stderr, /Unknown command "fetch"[\s\S]*Commands: whoami/);
    const noTarget = await cli(['download', 'https://1fichier.com/?abcde12345']);
    assert.equal(noTarget.status, 2);
    assert.match(noTarget.stderr, /download needs --to DIR/);
    // The key is never taken from argv; the refusal must not repeat it (checked by `start`).
    const keyOnArgv = await cli(['whoami', '--api-key', KEY], { key: null });
    assert.equal(keyOnArgv.status, 2);
    assert.match(keyOnArgv.stderr, /no --api-key option/);
  });

  it('--api-key-file reads the key from a file', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `  ${KEY}\n`);
    const run = await cli(['whoami', '--api-key-file', keyFile], { key: null });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(emu.requests.at(-1).headers.authorization, `Bearer ${KEY}`);
    const unreadable = await cli(['whoami', '--api-key-file', join(dir, 'nope')], { key: null });
    assert.equal(unreadable.status, 2);
    assert.match(unreadable.stderr, /Cannot read the API key file/);
  });

  it('Ctrl-C during an upload aborts it and exits 130', async () => {
    const path = join(dir, 'slow.bin');
    writeFileSync(path, 'x');
    // The upload node holds the request long enough for the interrupt to land during it.
    emu.inject({ path: 'upload.cgi', type: 'delay', delayMs: 1500 });
    const { child, done } = start(['upload', path]);
    const uploading = () => emu.requests.some((request) => request.path === '/upload.cgi');
    while (!uploading() && child.exitCode === null) await sleep(10);
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.status, 130);
    assert.match(run.stderr, /aborted/);
  });
});
