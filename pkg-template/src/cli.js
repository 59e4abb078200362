// The `onefichier` command line (the package's `bin`, bundled into dist/cli.mjs), built on the
// package's own API. Meant for cron jobs and NAS scripts: stable exit codes, `--json` for
// programs, and an API key that never goes through argv (visible in `ps` and shell history).
// Text that comes from 1fichier (names, messages) is printed with its control characters
// escaped, so that a file name cannot drive the terminal.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, FichierError, parseLink, whirlpool } from './entry-node.js';
import { chunksOf } from './send-node.js';

const NAME = 'onefichier';
const KEY_VARIABLE = 'ONEFICHIER_API_KEY';
const BASE_VARIABLE = 'ONEFICHIER_API_BASE';
const FTP_PASSWORD_VARIABLE = 'ONEFICHIER_FTP_PASSWORD';

/** Each exit status and the error codes that lead to it; any other failure exits with 1. */
const EXIT_STATUSES = [
  { status: 2, codes: ['usage', 'invalid_input'], meaning: 'usage error or invalid input' },
  { status: 3, codes: ['auth'], meaning: 'API key missing, wrong, or its account locked' },
  { status: 4, codes: ['flood'], meaning: '1fichier is rate-limiting (flood lock): wait, then retry' },
  { status: 5, codes: ['premium_required'], meaning: 'needs a Premium or Access subscription' },
  {
    status: 6,
    codes: ['not_found', 'forbidden', 'owner_locked'],
    meaning: 'no such file or folder, or no access to it',
  },
  { status: 7, codes: ['network', 'timeout', 'server'], meaning: 'network, timeout or server error: retry later' },
  { status: 8, codes: ['corrupt'], meaning: 'bytes arrived damaged (Whirlpool differs): run the command again' },
  { status: 130, codes: ['aborted'], meaning: 'interrupted (Ctrl-C)' },
];
const exitStatusOf = (code) => EXIT_STATUSES.find(({ codes }) => codes.includes(code))?.status ?? 1;

/** A mistake in the command line itself; exits with 2 and shows the usage (of `command` if known). */
class UsageError extends Error {
  code = 'usage';

  constructor(message, command) {
    super(message);
    this.command = command;
  }
}

const invalid = (message) => new FichierError('invalid_input', message);

// Options: a `value` placeholder makes a string option, none a boolean one.
const GLOBAL_OPTIONS = {
  'api-base': { value: 'URL', help: `API base URL (default: $${BASE_VARIABLE}, else https://api.1fichier.com/v1)` },
  'api-key-file': { value: 'PATH', help: `read the API key from this file instead of $${KEY_VARIABLE}` },
  json: { help: 'print one JSON document on stdout: the result, or {"error":{...}}' },
  quiet: { short: 'q', help: 'no progress bar, notes or confirmations (data and errors are still printed)' },
  'min-interval': { value: 'MS', help: 'minimum gap between two API calls (default 1000; less risks flood locks)' },
  'flood-wait': { value: 'MS', help: 'wait after a flood lock before retrying (default 30000; 0 fails at once)' },
  timeout: { value: 'MS', help: 'limit of one API call (default 30000; 0 = no limit)' },
  help: { short: 'h', help: "show this help, or a command's help (also: onefichier help COMMAND)" },
  version: { short: 'V', help: 'print the version' },
};

/** `--password-file PATH`: --password from a file, out of `ps` and shell history. */
const PASSWORD_FILE = { value: 'PATH', help: 'read --password from this file (argv shows in `ps`)' };

/** `--to ID` of the commands that put files or folders into a folder. */
const DESTINATION = { value: 'ID', help: 'destination folder (0 = the root)' };

const COMMANDS = {
  whoami: {
    summary: 'Show the account: email, offer, storage used and available.',
    run: whoami,
  },
  ls: {
    forms: ['[FOLDER_ID] [--recursive]', '--all'],
    max: 1,
    summary: 'List the sub-folders, then the files, of a folder (default: the root, 0).',
    options: {
      recursive: {
        short: 'R',
        help: 'the whole tree under the folder, one line per file and folder with its path (with --json: an index)',
      },
      all: { help: 'list every file of the account instead (1fichier allows it about once an hour)' },
    },
    run: list,
  },
  upload: {
    forms: ['PATH...'],
    min: 1,
    anonymous: true,
    summary:
      'Upload files, and folders with what they hold (their tree is made with mkdir, reusing ' +
      'folders already there); prints the link, size and name of each (and a removal link if anonymous).',
    options: {
      folder: { value: 'ID', help: 'destination folder (needs an API key; default: the root)' },
      domain: { value: 'N', help: "domain of the links, 0 (1fichier.com) to 10 (default: the account's)" },
      password: { value: 'P', help: 'password protecting the uploaded files' },
      'password-file': PASSWORD_FILE,
      'skip-existing': {
        help: 'skip files whose name and size (and Whirlpool, with --verify) are already in their destination folder',
      },
      verify: { help: "hash each file while it is sent and compare with 1fichier's Whirlpool (exit 8 if damaged)" },
    },
    run: upload,
  },
  remote: {
    forms: ['URL...'],
    min: 1,
    summary: 'Have 1fichier fetch URLs into the account (remote upload).',
    options: {
      folder: { value: 'ID', help: 'destination folder (default: the root)' },
      wait: { help: "wait for the jobs, print each URL's link or failure; exits 1 if any URL failed" },
      'batch-size': { value: 'N', help: 'URLs per job (default 20)' },
      'poll-interval': { value: 'MS', help: 'with --wait: gap between two checks of a job (default 5000)' },
      'max-wait': { value: 'MS', help: 'with --wait: give up on a job after this long (default 600000)' },
    },
    run: remote,
  },
  jobs: {
    summary: 'List the remote upload jobs.',
    run: jobs,
  },
  download: {
    forms: ['URL... --to DIR', 'FOLDER_ID --to DIR'],
    min: 1,
    summary:
      'Download files (their links) or a whole folder tree (its id) with Premium: resumable, ' +
      'skipping files already complete (same name and size), verified with Whirlpool.',
    options: {
      to: { value: 'DIR', help: 'where to write (created if missing)' },
      parallel: { value: 'N', help: 'files downloaded at once (default 2; 1fichier limits concurrent downloads)' },
      'no-verify': { help: 'do not check Whirlpool hashes (hashing runs at ~50–150 MiB/s)' },
    },
    run: download,
  },
  check: {
    forms: ['LOCAL_DIR FOLDER_ID'],
    min: 2,
    max: 2,
    summary:
      'Compare a local folder with a 1fichier folder tree by name, size and Whirlpool; ' +
      'exits 0 when they match and 1 when they differ, listing each difference.',
    options: { 'size-only': { help: 'compare sizes only (no hashing: faster)' } },
    run: check,
  },
  prune: {
    forms: ['FOLDER_ID --keep N', 'FOLDER_ID --older-than AGE'],
    min: 1,
    max: 1,
    summary:
      "Delete a folder's oldest files: all but the newest N (by upload date), or those older than " +
      'AGE (30d, 12h, 2w). Without --yes it only prints the plan.',
    options: {
      keep: { value: 'N', help: 'keep the newest N files' },
      'older-than': { value: 'AGE', help: 'only files uploaded more than AGE ago (with --keep: both must hold)' },
      yes: { help: 'really delete (without it, nothing is deleted)' },
    },
    run: prune,
  },
  sync: {
    forms: ['LOCAL_DIR FOLDER_ID'],
    min: 2,
    max: 2,
    summary:
      'Make a 1fichier folder tree match a local folder, one way: upload new and changed files ' +
      '(a changed file is uploaded, then its old copy deleted) and make missing folders. Safe to ' +
      'interrupt: a rerun uploads only what did not finish.',
    options: {
      delete: { help: 'also delete remote files and folders that are not in LOCAL_DIR' },
      'dry-run': { help: 'print the plan and change nothing' },
      'size-only': {
        help: 'a file is changed only if its size differs (default: also its Whirlpool, when modified since its upload)',
      },
      verify: { help: "hash each file while it is sent and compare with 1fichier's Whirlpool" },
    },
    run: sync,
  },
  link: {
    forms: ['URL'],
    min: 1,
    max: 1,
    summary: 'Print a direct download link (valid about 5 minutes; needs Premium or Access).',
    options: { inline: { help: 'a link that browsers show instead of downloading' } },
    run: link,
  },
  info: {
    forms: ['URL'],
    min: 1,
    max: 1,
    summary: 'Show the details of a file.',
    run: info,
  },
  mkdir: {
    forms: ['NAME'],
    min: 1,
    max: 1,
    summary: 'Create a folder; prints its id and name.',
    options: { parent: { value: 'ID', help: 'parent folder (default: the root)' } },
    run: mkdir,
  },
  rm: {
    forms: ['URL...', '--folder ID'],
    summary: 'Delete files, or an empty folder.',
    options: { folder: { value: 'ID', help: 'delete this folder (it must be empty) instead of files' } },
    run: remove,
  },
  mv: {
    forms: ['URL... --to ID [--rename NAME]', '--folder ID (--to ID | --rename NAME)'],
    summary: 'Move files (and rename a single one), or move or rename a folder.',
    options: {
      to: DESTINATION,
      rename: { value: 'NAME', help: 'new name (of a single file, or of the folder)' },
      folder: { value: 'ID', help: 'move or rename this folder instead of files' },
    },
    run: move,
  },
  cp: {
    forms: ['URL... --to ID [--rename NAME]'],
    min: 1,
    summary: 'Copy files into a folder (each copy gets its own link); prints the links of the copies.',
    options: {
      to: DESTINATION,
      rename: { value: 'NAME', help: 'name of the copy (of a single file)' },
      password: { value: 'P', help: 'password of protected files' },
      'password-file': PASSWORD_FILE,
    },
    run: copy,
  },
  rename: {
    forms: ['URL NAME', '--folder ID NAME'],
    min: 1,
    max: 2,
    summary: 'Rename a file, or a folder.',
    options: { folder: { value: 'ID', help: 'rename this folder instead of a file' } },
    run: rename,
  },
  share: {
    forms: ['FOLDER_ID [--with EMAIL...]', 'FOLDER_ID --off'],
    min: 1,
    max: 1,
    summary:
      "Set a folder's whole sharing: a public link (printed) unless --private, and people it is " +
      'shared with; what is not given is turned off.',
    options: {
      password: { value: 'P', help: 'password of the public link (at least 6 characters)' },
      'password-file': PASSWORD_FILE,
      with: { value: 'EMAIL', multiple: true, help: 'share with this 1fichier user (repeat for several)' },
      rw: { help: 'with --with: they may also add and delete files' },
      'hide-links': { help: 'with --with: they see the files but not their links' },
      private: { help: 'no public link (only the --with users)' },
      off: { help: 'stop every sharing of the folder' },
    },
    run: share,
  },
  ftp: {
    forms: ['users', 'add USER [--folder ID]', 'rm USER', 'process'],
    min: 1,
    max: 2,
    summary:
      'FTP access to the account: list the FTP users, add one (password from ' +
      `$${FTP_PASSWORD_VARIABLE} or --password-file), remove one, or process the files uploaded by FTP.`,
    options: {
      folder: { value: 'ID', help: "with add: the folder receiving the user's uploads" },
      'password-file': { value: 'PATH', help: `with add: read the user's password from this file` },
    },
    run: ftp,
  },
  settings: {
    forms: ['', 'NAME=VALUE...'],
    summary:
      'Show the account settings, or change some (e.g. useCdn=false ftpFolderId=12); names as ' +
      'shown, booleans true/false.',
    run: settings,
  },
};

// One parseArgs table for every command (no option name has two types); which command takes
// which option is checked afterwards, with a clearer message than parseArgs would give.
const PARSE_OPTIONS = Object.fromEntries(
  [GLOBAL_OPTIONS, ...Object.values(COMMANDS).map((command) => command.options ?? {})]
    .flatMap(Object.entries)
    .map(([name, { value, short, multiple }]) => [
      name,
      { type: value ? 'string' : 'boolean', ...(short && { short }), ...(multiple && { multiple }) },
    ]),
);
// Known only to refuse it with the reason (see `parse`).
PARSE_OPTIONS['api-key'] = { type: 'string' };

// ---- entry point (called at the end of this file, once every constant is defined)

async function main(argv, env) {
  // Read before parsing, so that even a usage error comes out as JSON.
  const json = argv.includes('--json');
  const output = new Output(json);
  let command;
  try {
    const parsed = parse(argv);
    command = parsed.command;
    const { values } = parsed;
    if (values.version) return output.data(json ? { version: version() } : version());
    if (parsed.wantsHelp) return output.help(command ? commandHelp(command) : generalHelp());
    if (!command) throw new UsageError('No command given.');

    output.quiet = values.quiet === true;
    const apiKey = readApiKey(values, env);
    output.secret = apiKey;
    if (!apiKey && !command.anonymous) {
      throw new FichierError(
        'auth',
        `No API key: set ${KEY_VARIABLE} to the key of the account ` +
          '(1fichier console > Parameters > API), or give --api-key-file PATH.',
      );
    }
    if (!apiKey)
      output.note(`${KEY_VARIABLE} is not set: uploading anonymously (no account; each file gets a removal link).`);
    const client = new Client({
      apiKey,
      apiBase: values['api-base'] ?? (env[BASE_VARIABLE] || undefined),
      minIntervalMs: wholeNumber(values['min-interval'], '--min-interval'),
      floodWaitMs: wholeNumber(values['flood-wait'], '--flood-wait'),
      timeoutMs: wholeNumber(values.timeout, '--timeout'),
    });
    const signal = interruptSignal();
    const outcome = await command.run({ client, args: parsed.args, values, output, env, signal });
    output.data(json ? (outcome.result ?? null) : outcome.text);
    if (!outcome.failure) return 0;
    output.error(outcome.failure);
    return outcome.status ?? 1;
  } catch (error) {
    return output.failure(error, command);
  }
}

/** Splits argv into the command, its arguments and the options, and checks them. */
function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: PARSE_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    if (!error.code?.startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values['api-key'] !== undefined) {
    throw new UsageError(
      `There is no --api-key option: the command line is visible in \`ps\` and shell history. ` +
        `Set ${KEY_VARIABLE}, or use --api-key-file PATH.`,
    );
  }
  const wantsHelp = values.help || positionals[0] === 'help';
  const [name, ...args] = positionals[0] === 'help' ? positionals.slice(1) : positionals;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (name !== undefined && !command) throw new UsageError(`Unknown command "${name}".`);
  if (command && !wantsHelp) {
    for (const option of Object.keys(values)) {
      if (!(option in GLOBAL_OPTIONS) && !(option in (command.options ?? {}))) {
        throw new UsageError(`${name} has no option --${option}.`, command);
      }
    }
    const { min = 0, max = Infinity } = command;
    if (args.length < min || args.length > max) {
      throw new UsageError(`Wrong arguments for ${name}; see its usage below.`, command);
    }
  }
  return { command, args, values, wantsHelp };
}

/**
 * Everything written goes through here: stdout carries only the result (exactly one JSON
 * document with --json), stderr the rest. The API key is masked as a last line of defence.
 * Text from 1fichier is escaped where it is put into a line (`safe`); as a last line of
 * defence too, no C0/C1 control character other than a line break gets out of here.
 */
class Output {
  quiet = false;
  secret = undefined;

  constructor(json) {
    this.json = json;
  }

  /** The result on stdout; returns the exit status 0. */
  data(value) {
    if (this.json) this.#write(process.stdout, jsonText(value));
    else if (value) this.#write(process.stdout, value);
    return 0;
  }

  help(text) {
    this.#write(process.stdout, text);
    return 0;
  }

  /** A confirmation of what was done ("Removed 2 files."): none with --quiet. */
  confirm(text) {
    return this.quiet ? '' : text;
  }

  note(message) {
    if (!this.quiet) this.#write(process.stderr, `${NAME}: note: ${message}`);
  }

  /** Something to fix that costs on every run: shown even with --quiet (cron mails it). */
  warn(message) {
    this.#write(process.stderr, `${NAME}: warning: ${message}`);
  }

  error(message) {
    this.#write(process.stderr, `${NAME}: ${message}`);
  }

  /** Reports a thrown error; returns its exit status. */
  failure(thrown, command) {
    const error =
      thrown instanceof FichierError || thrown instanceof UsageError
        ? thrown
        : new FichierError('api', `Internal error of the ${NAME} command: ${thrown?.message ?? thrown}`);
    const { code, message, status = 0, serverMessage = '', details } = error;
    if (this.json) {
      // The document is for the program reading stdout; the line on stderr is for the person
      // watching the log of a cron job or a pipeline.
      this.#write(process.stdout, jsonText({ error: { code, message, status, serverMessage, details } }));
      this.error(safe(`${code}: ${message}`));
    } else {
      const said = serverMessage && !message.includes(serverMessage) ? ` (1fichier said: ${serverMessage})` : '';
      this.error(safe(`${message}${said}`));
      if (details?.unsent) this.#write(process.stderr, remoteFailureText(details));
    }
    if (error instanceof UsageError) {
      const about = error.command ?? command;
      this.#write(process.stderr, `\n${about ? commandHelp(about) : shortUsage()}`);
    }
    return exitStatusOf(code);
  }

  #write(stream, text) {
    const masked = this.secret ? text.replaceAll(this.secret, '[API key]') : text;
    const shown = safe(masked, { keepLineBreaks: true });
    stream.write(shown.endsWith('\n') ? shown : `${shown}\n`);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const CONTROL = /[\0-\x1f\x7f-\x9f]/g;

/**
 * The text with its control characters (C0 with ESC, DEL, C1) as visible `\xHH` escapes, so
 * that text from 1fichier cannot move the cursor, recolour or retitle the terminal.
 */
function safe(text, { keepLineBreaks = false } = {}) {
  return String(text).replace(CONTROL, (char) =>
    keepLineBreaks && char === '\n' ? char : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/**
 * A JSON document with C1 controls and DEL escaped too (JSON.stringify escapes only C0):
 * still the same JSON value, and nothing in it that a terminal would act on.
 */
function jsonText(value) {
  return JSON.stringify(value, null, 2).replace(
    /[\x7f-\x9f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What a failed `remote` did send, may have sent and did not send: what to resend. */
function remoteFailureText({ sent = [], uncertain = [], unsent = [] }) {
  const lines = [];
  if (sent.length) {
    lines.push('Sent (jobs exist, do not resend):');
    for (const job of sent) lines.push(`  job ${job.id}: ${job.sourceUrls.map((url) => safe(url)).join(' ')}`);
  }
  if (uncertain.length) {
    lines.push(`May have reached 1fichier (check \`${NAME} jobs\` before resending):`);
    for (const url of uncertain) lines.push(`  ${safe(url)}`);
  }
  if (unsent.length) {
    lines.push('Not sent (safe to resend):');
    for (const url of unsent) lines.push(`  ${safe(url)}`);
  }
  return lines.join('\n');
}

// ---- help

/** Help text is wrapped to this many columns. */
const HELP_WIDTH = 100;

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

function generalHelp() {
  const entries = Object.entries(COMMANDS).map(([name, { forms = [''] }]) => `${name} ${forms[0]}`.trim());
  const column = Math.max(...entries.map((entry) => entry.length)) + 2;
  // Each summary wrapped beside its command, continued under the summary's first column.
  const commands = Object.values(COMMANDS)
    .map(({ summary }, i) =>
      wrap(summary, HELP_WIDTH - 2 - column)
        .map((line, at) => `${(at ? '' : entries[i]).padEnd(column)}${line}`)
        .join('\n'),
    )
    .join('\n');
  const exits = [
    ['0', 'success'],
    ['1', 'any other failure'],
    ...EXIT_STATUSES.map(({ status, meaning }) => [String(status), meaning]),
  ];
  return `Usage: ${NAME} <command> [arguments] [options]

A client for the 1fichier.com API, for scripts and cron jobs.

Commands:
${indent(commands)}

Global options:
${indent(optionLines(GLOBAL_OPTIONS))}

The API key is read from the environment variable ${KEY_VARIABLE} (never from the command
line, which other users can see in \`ps\` and shell history), or from a file with --api-key-file.
Only upload works without one (anonymously).

Exit codes:
${indent(table(exits))}

Run \`${NAME} help COMMAND\` for the options of a command.
`;
}

function shortUsage() {
  return `Usage: ${NAME} <command> [arguments] [options]
Commands: ${Object.keys(COMMANDS).join(', ')}
Run \`${NAME} --help\` for details.
`;
}

function commandHelp(command) {
  const name = Object.keys(COMMANDS).find((key) => COMMANDS[key] === command);
  const usage = (command.forms ?? [''])
    .map((form, i) => `${i ? '      ' : 'Usage:'} ${NAME} ${name} ${form}${form ? ' ' : ''}[options]`)
    .join('\n');
  const options = command.options ? `\nOptions:\n${indent(optionLines(command.options))}\n` : '';
  const summary = wrap(command.summary, HELP_WIDTH).join('\n');
  return `${usage}\n\n${summary}\n${options}\nGlobal options and exit codes: ${NAME} --help\n`;
}

function optionLines(options) {
  return table(
    Object.entries(options).map(([name, { value, short, help }]) => [
      `${short ? `-${short}, ` : ''}--${name}${value ? ` ${value}` : ''}`,
      help,
    ]),
  );
}

const indent = (text) => text.replace(/^/gm, '  ');

// ---- commands: each returns { result (the --json document), text (human output), failure? }
// `signal` aborts the call on Ctrl-C. Text from 1fichier goes through `table` (which escapes
// every cell) or `safe`.

async function whoami({ client, signal }) {
  const account = await client.userInfo({ signal });
  const rows = [
    ['email', account.email],
    ['offer', account.offerName],
    ['storage used', humanSize(account.hotStorage + account.coldStorage)],
    ['available', humanSize(account.availableStorage)],
  ];
  if (account.subscriptionEnd) rows.push(['subscription end', account.subscriptionEnd]);
  return { result: account, text: table(rows) };
}

async function list({ client, args, values, signal }) {
  if (values.all) {
    if (args.length || values.recursive) throw new UsageError('Give a folder id (and --recursive) or --all, not both.');
    const files = await client.listFiles(-1, { signal });
    return { result: files, text: listing([], files) };
  }
  const folderId = wholeNumber(args[0], 'The folder id') ?? 0;
  if (values.recursive) {
    // walk()'s entries as they are: { path, file } or { path, folder }, depth first.
    const entries = [];
    for await (const entry of client.walk(folderId, { signal })) entries.push(entry);
    const rows = entries.map(({ path, file, folder }) =>
      file
        ? [file.url, humanSize(file.size), file.uploadedAt ?? '-', path]
        : [String(folder.id), '-', folder.createdAt ?? '-', path],
    );
    return { result: entries, text: rows.length ? table([LISTING_HEADER, ...rows], { right: [1] }) : '' };
  }
  const folder = await client.listFolder(folderId, { files: true, signal });
  return { result: folder, text: listing(folder.folders, folder.files) };
}

const LISTING_HEADER = ['ID / LINK', 'SIZE', 'DATE', 'NAME'];

function listing(folders, files) {
  const rows = [
    ...folders.map((folder) => [String(folder.id), '-', folder.createdAt ?? '-', `${folder.name}/`]),
    ...files.map((file) => [file.url, humanSize(file.size), file.uploadedAt ?? '-', file.name]),
  ];
  return rows.length ? table([LISTING_HEADER, ...rows], { right: [1] }) : '';
}

async function upload({ client, args, values, output, signal }) {
  const folderId = wholeNumber(values.folder, '--folder');
  const options = defined({ domain: wholeNumber(values.domain, '--domain'), password: passwordOf(values), signal });
  const hasTrees = args.some(isFolder);
  if ((hasTrees || values['skip-existing']) && !client.hasApiKey)
    throw invalid('Uploading folders, or --skip-existing, needs an API key: anonymous uploads have no folders.');
  // Plain files: one call, as the package takes them.
  const { groups, leftOut } =
    hasTrees || values['skip-existing']
      ? await uploadGroups(client, args, folderId ?? 0, signal)
      : {
          groups: [{ folderId, files: args.map((path) => ({ path, shown: null })) }],
          leftOut: { empty: [], other: [] },
        };
  noteLeftOut(output, leftOut);
  const bar = process.stderr.isTTY && !output.json && !output.quiet ? new ProgressBar(process.stderr) : undefined;
  const files = [];
  const skipped = [];
  const damaged = [];
  let failed;
  try {
    for (const group of groups) {
      let sending = group.files;
      if (values['skip-existing'] && group.folderId !== undefined) {
        const there = (await client.listFolder(group.folderId, { files: true, signal })).files ?? [];
        const kept = [];
        for (const file of sending) {
          const same = there.filter((remote) => remote.name === basename(file.path) && remote.size === file.size);
          // With --verify, a copy counts only when its Whirlpool is the local file's too.
          const hash = same.length && values.verify ? await whirlpoolOfFile(file.path, signal) : null;
          if (same.some((remote) => hash === null || sameHash(remote, hash)))
            skipped.push(file.shown ?? basename(file.path));
          else kept.push(file);
        }
        sending = kept;
      }
      if (!sending.length) continue;
      let result;
      try {
        result = await client.upload(
          sending.map((file) => file.path),
          {
            ...options,
            ...defined({ folderId: group.folderId }),
            verify: values.verify === true,
            onProgress: bar && ((progress) => bar.update(progress)),
          },
        );
      } catch (error) {
        // A failed verification still uploaded the group: keep its links, go on with the others.
        if (!(error instanceof FichierError && error.details?.result)) throw error;
        failed ??= error;
        result = error.details.result;
        const bad = new Set(error.details.damaged ?? []);
        for (const file of result.files)
          if (bad.has(file.url)) damaged.push({ ...file, deleted: error.details.deleted });
        result = { files: result.files.filter((file) => !bad.has(file.url)) };
      }
      // A file given by itself shows its 1fichier name; one from a folder, its path in the tree.
      files.push(...result.files.map((file) => ({ ...file, path: shownPath(file, sending) })));
    }
  } finally {
    bar?.clear();
  }
  const rows = [
    ...files.map((file) => [file.url, humanSize(file.size), file.path, file.removeUrl ?? '']),
    ...skipped.map((path) => ['skipped', '', path, '']),
    ...damaged.map((file) => [
      file.deleted ? 'damaged, deleted' : 'damaged',
      humanSize(file.size),
      file.name,
      file.url,
    ]),
  ];
  const outcome = { result: { files, skipped, damaged }, text: table(rows, { right: [1] }) };
  if (!failed) return outcome;
  const again = damaged.length ? ' Run the same command with --skip-existing to send only what is missing.' : '';
  return { ...outcome, failure: `${failed.message}${again}`, status: exitStatusOf(failed.code) };
}

/** How a file uploaded from `sending` is shown: its path in the tree, else 1fichier's name. */
function shownPath(file, sending) {
  const source = sending.find((entry) => basename(entry.path) === file.name && entry.size === file.size);
  return source?.shown ?? file.name;
}

/**
 * Paths → `{ groups: [{ folderId, files: [{ path, shown, size }] }], leftOut }`: files go into
 * the destination; a folder becomes a folder of the same name there (found by name when it
 * exists, else made), and so on down its tree. What a tree holds besides non-empty files is
 * left out and listed in `leftOut` (see `localTree`). Needs an API key (anonymous uploads have
 * no folders).
 */
async function uploadGroups(client, paths, rootId, signal) {
  const groups = new Map();
  const leftOut = { empty: [], other: [] };
  const add = (folderId, file) => (groups.get(folderId) ?? groups.set(folderId, []).get(folderId)).push(file);
  const folderIn = async (parentId, name) => {
    const existing = (await client.listFolder(parentId, { signal })).folders.find((folder) => folder.name === name);
    return existing?.id ?? (await client.createFolder(name, { parentId, signal })).id;
  };
  for (const path of paths) {
    if (!isFolder(path)) {
      add(rootId, { path, shown: null, size: statSync(path, { throwIfNoEntry: false })?.size });
      continue;
    }
    const name = basename(resolve(path));
    const tree = localTree(path);
    // Folder ids by path in the tree ('' is the folder itself), parents first.
    const ids = new Map([['', await folderIn(rootId, name)]]);
    const idOf = (relative) => ids.get(parentPath(relative));
    for (const folder of tree.folders) ids.set(folder, await folderIn(idOf(folder), basename(folder)));
    for (const [relative, { size }] of tree.files)
      add(idOf(relative), { path: join(path, relative), shown: join(name, relative), size });
    leftOut.empty.push(...tree.empty.map((relative) => join(name, relative)));
    leftOut.other.push(...tree.other.map((relative) => join(name, relative)));
  }
  return { groups: [...groups].map(([folderId, files]) => ({ folderId, files })), leftOut };
}

/** The folder part of a relative path: '' at the top. */
const parentPath = (relative) => (dirname(relative) === '.' ? '' : dirname(relative));

/** Says what a tree walk left out: empty files (1fichier stores none) and what is not a file. */
function noteLeftOut(output, { empty, other }) {
  const list = (paths) => paths.map(safe).join(', ');
  if (empty.length)
    output.note(`${plural(empty.length, 'empty file')} left out (1fichier stores no empty file): ${list(empty)}`);
  if (other.length)
    output.note(`${plural(other.length, 'entry', 'entries')} left out (neither a file nor a folder): ${list(other)}`);
}

async function remote({ client, args, values, signal }) {
  const sent = await client.remoteUpload(
    args,
    defined({
      folderId: wholeNumber(values.folder, '--folder'),
      batchSize: wholeNumber(values['batch-size'], '--batch-size'),
      signal,
    }),
  );
  if (!values.wait) {
    return {
      result: sent,
      text: table(sent.map((job) => [`job ${job.id}`, plural(job.sourceUrls.length, 'URL')])),
    };
  }
  const waitOptions = defined({
    intervalMs: wholeNumber(values['poll-interval'], '--poll-interval'),
    maxWaitMs: wholeNumber(values['max-wait'], '--max-wait'),
    signal,
  });
  // One after the other: the jobs run in parallel at 1fichier anyway, and a failure leaves
  // no other wait polling in the background.
  const done = [];
  for (const job of sent) done.push(await client.waitForRemoteJob(job.id, waitOptions));
  const results = done.flatMap((job) => job.results);
  const rows = results.map((r) => (r.ok ? ['ok', r.sourceUrl, r.url] : ['failed', r.sourceUrl, r.message]));
  const failed = results.filter((r) => !r.ok).length;
  const failure = failed ? `${failed} of ${plural(results.length, 'URL')} could not be fetched.` : undefined;
  return { result: done, text: table(rows), failure };
}

async function jobs({ client, signal }) {
  const all = await client.remoteJobs({ signal });
  const rows = all.map((job) => [
    String(job.id),
    job.requestedAt ?? '-',
    job.executedAt ?? '-',
    job.done ? 'done' : 'waiting',
  ]);
  return { result: all, text: rows.length ? table([['JOB', 'REQUESTED', 'EXECUTED', 'STATUS'], ...rows]) : '' };
}

const DEFAULT_PARALLEL = 2;
/** Refusals of the account or the connection: the other files would meet them too. */
const STOPS_EVERYTHING = ['auth', 'premium_required', 'flood', 'aborted'];

/**
 * Files (their links) or a folder tree (its id) into --to. Each file goes through
 * `downloadToFile` (a .part resumed after a cut, renamed once whole and verified); a file
 * whose name and size are already there is skipped, so a rerun finishes what a cut left.
 */
async function download({ client, args, values, output, signal }) {
  if (values.to === undefined) throw new UsageError('download needs --to DIR.');
  const parallel = wholeNumber(values.parallel, '--parallel') ?? DEFAULT_PARALLEL;
  if (parallel < 1) throw invalid('--parallel must be at least 1.');
  const isFolder = args.length === 1 && /^\d+$/.test(args[0]);
  const files = isFolder ? await folderTree(client, Number(args[0]), signal) : await linkedFiles(client, args, signal);
  const bars = process.stderr.isTTY && !output.json && !output.quiet ? new TransferBars(process.stderr) : undefined;
  if (bars && files.every((file) => Number.isFinite(file.size)))
    bars.total = files.reduce((sum, file) => sum + file.size, 0);
  const results = [];
  // Ctrl-C, or a refusal that every other file would meet too (AbortSignal.any needs Node 20).
  const stop = new AbortController();
  signal.addEventListener('abort', () => stop.abort(), { once: true });
  const both = stop.signal;
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file && !both.aborted; file = queue.shift()) {
      results.push(await downloadOne(client, file, values, both, bars));
      const failed = results.at(-1).error;
      if (failed && STOPS_EVERYTHING.includes(failed.code)) stop.abort();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
  } finally {
    bars?.clear();
  }
  if (signal.aborted) throw new FichierError('aborted', 'Interrupted: run the same command again to resume.');
  const order = new Map(files.map((file, index) => [join(values.to, file.path), index]));
  results.sort((a, b) => order.get(a.path) - order.get(b.path));
  const failed = results.filter((result) => result.status === 'failed');
  const notTried = files.length - results.length;
  const text = table(
    results.map((result) => [result.status, humanSize(result.size), result.path, result.error?.message ?? '']),
    { right: [1] },
  );
  const outcome = { result: { files: results, notTried }, text };
  if (!failed.length && !notTried) return outcome;
  // The log of a cron job shows stderr: each failure with its reason.
  const reasons = failed.map((result) => `\n  ${safe(result.path)}: ${safe(result.error.message)}`).join('');
  return {
    ...outcome,
    failure: `${plural(failed.length, 'file')} failed${notTried ? `, ${notTried} not tried` : ''}: run the same command again to resume.${reasons}`,
    status: exitStatusOf(failed[0]?.error.code),
  };
}

/** The files of `urls`, named as on 1fichier (file/info), into --to. */
async function linkedFiles(client, urls, signal) {
  const files = [];
  for (const url of urls) {
    const info = await client.fileInfo(fileLink(url), { signal });
    files.push({ url, path: safeSegment(info.name), size: info.size });
  }
  return files;
}

/** Every file under a folder (`walk()`), with a local path made safe to write to. */
async function folderTree(client, folderId, signal) {
  return (await remoteTree(client, folderId, signal, safeSegment)).files;
}

/**
 * A 1fichier folder tree (`walk()`): `files` `[{ url, path, size, whirlpool, uploadedAt }]` and
 * `folders` (path → id), paths relative to the folder, joined as local paths are. `segment`
 * maps each name: as it is to compare with local names, `safeSegment` to write files.
 */
async function remoteTree(client, folderId, signal, segment = (name) => name) {
  const files = [];
  const folders = new Map();
  // A folder's walk path ends with '/'.
  const local = (path) => join(...path.replace(/\/$/, '').split('/').map(segment));
  for await (const { path, file, folder } of client.walk(folderId, { signal })) {
    if (folder) folders.set(local(path), folder.id);
    else
      files.push({
        url: file.url,
        path: local(path),
        size: file.size,
        whirlpool: file.whirlpool,
        uploadedAt: file.uploadedAt,
      });
  }
  return { files, folders };
}

/** A name from 1fichier as one path segment: no separator, no `..`, nothing empty. */
function safeSegment(name) {
  const segment = String(name).replace(/[/\\\0]/g, '_');
  return segment === '' || segment === '.' || segment === '..' ? `_${segment}` : segment;
}

async function downloadOne(client, file, values, signal, bars) {
  const path = join(values.to, file.path);
  const existing = sizeOf(path);
  if (existing !== null && existing === file.size) return { url: file.url, path, size: existing, status: 'skipped' };
  mkdirSync(join(path, '..'), { recursive: true });
  const bar = bars?.add(file.path);
  try {
    const saved = await client.downloadToFile(file.url, path, {
      verify: !values['no-verify'],
      signal,
      onProgress: bar && ((progress) => bars.update(bar, progress)),
    });
    return { url: file.url, path, size: saved.size, status: saved.resumedFrom ? 'resumed' : 'downloaded' };
  } catch (error) {
    const { code, message } = error instanceof FichierError ? error : new FichierError('api', String(error?.message));
    return { url: file.url, path, size: file.size, status: 'failed', error: { code, message } };
  } finally {
    bars?.remove(bar);
  }
}

/** Differences between a local folder and a 1fichier tree: exits 1 when there is any. */
async function check({ client, args, values, output, signal }) {
  const [localDir, id] = args;
  const folderId = wholeNumber(id, 'The folder id');
  if (!isFolder(localDir)) throw invalid(`${localDir} is not a folder on this machine.`);
  const tree = localTree(localDir);
  noteLeftOut(output, tree);
  const remote = new Map((await remoteTree(client, folderId, signal)).files.map((file) => [file.path, file]));
  const local = tree.files;
  const differences = [];
  for (const path of [...new Set([...local.keys(), ...remote.keys()])].sort()) {
    const [mine, theirs] = [local.get(path), remote.get(path)];
    if (!theirs) differences.push({ path, difference: 'only-local' });
    else if (mine === undefined) differences.push({ path, difference: 'only-remote' });
    else if (mine.size !== theirs.size) differences.push({ path, difference: 'size' });
    else if (!values['size-only'] && !sameHash(theirs, await whirlpoolOfFile(join(localDir, path), signal)))
      differences.push({ path, difference: 'whirlpool' });
  }
  const result = { matches: differences.length === 0, compared: remote.size, differences };
  const text = table(differences.map(({ path, difference }) => [difference, path]));
  if (result.matches) return { result, text: output.confirm(`${plural(remote.size, 'file')}: all match.`) };
  return { result, text, failure: `${plural(differences.length, 'difference')} found.`, status: 1 };
}

/**
 * Every file and folder under `dir`: `files` (relative path → `{ size, modifiedAt }`, the later
 * of the mtime and the ctime, in ms), `folders` (relative paths, parents first), `empty` (empty
 * files, which 1fichier does not store) and `other` (what is neither: pipes, sockets, links to
 * folders or to nothing). A symbolic link to a file counts as that file; links to folders are
 * not followed (they can loop). Names in code-point order, whatever the locale.
 */
function localTree(dir, prefix = '', tree = { files: new Map(), folders: [], empty: [], other: [] }) {
  const entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) {
      tree.folders.push(path);
      localTree(dir, path, tree);
      continue;
    }
    const info =
      entry.isFile() || entry.isSymbolicLink() ? statSync(join(dir, path), { throwIfNoEntry: false }) : undefined;
    if (!info?.isFile()) tree.other.push(path);
    else if (info.size === 0) tree.empty.push(path);
    else tree.files.set(path, { size: info.size, modifiedAt: Math.max(info.mtimeMs, info.ctimeMs) });
  }
  return tree;
}

const isFolder = (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

/** Whether a listed file has this Whirlpool (1fichier may write it in upper case). */
const sameHash = (remote, hash) => remote.whirlpool?.toLowerCase() === hash;

/** The Whirlpool of a local file; Ctrl-C (`signal`) stops the read. */
async function whirlpoolOfFile(path, signal) {
  try {
    return await whirlpool(chunksOf({ path }, signal));
  } catch (error) {
    if (signal?.aborted) throw new FichierError('aborted', 'Interrupted while hashing.');
    throw error;
  }
}

/** `30d`, `12h`, `2w`, `90m` → milliseconds. */
function age(text) {
  const match = /^(\d+)([mhdw])$/.exec(text ?? '');
  if (!match) throw invalid(`--older-than takes an age like 30d, 12h, 2w or 90m, not ${JSON.stringify(text)}.`);
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2]];
}

/** A time (ms since 1970) written as 1fichier writes dates (Paris time), so that dates compare as text. */
function parisDate(ms) {
  // sv-SE writes `YYYY-MM-DD HH:MM:SS`; h23, so that midnight is 00, never 24.
  return new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Paris', hourCycle: 'h23' });
}

/**
 * The cleanup half of a backup job. Files without an upload date are never deleted (their age
 * is unknown); without --yes nothing is deleted at all.
 */
async function prune({ client, args, values, output, signal }) {
  const folderId = wholeNumber(args[0], 'The folder id');
  const keep = wholeNumber(values.keep, '--keep');
  const olderThan = values['older-than'] === undefined ? undefined : parisDate(Date.now() - age(values['older-than']));
  if (keep === undefined && olderThan === undefined) throw new UsageError('prune needs --keep N or --older-than AGE.');
  const files = await client.listFiles(folderId, { signal });
  const dated = files.filter((file) => file.uploadedAt).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
  const doomed = dated.filter(
    (file, index) => (keep === undefined || index >= keep) && (olderThan === undefined || file.uploadedAt < olderThan),
  );
  const plan = doomed.map(({ url, name, size, uploadedAt }) => ({ url, name, size, uploadedAt }));
  const undated = files.length - dated.length;
  const lines = table(
    plan.map((file) => [file.uploadedAt, humanSize(file.size), file.name]),
    { right: [1] },
  );
  if (undated) output.note(`${plural(undated, 'file')} without an upload date kept.`);
  if (!values.yes) {
    const heading = plan.length
      ? `Would delete ${plural(plan.length, 'file')} (run again with --yes to delete them):`
      : 'Nothing to delete.';
    return {
      result: { deleted: false, files: plan },
      text: [output.confirm(heading), lines].filter(Boolean).join('\n'),
    };
  }
  let removed = 0;
  for (let at = 0; at < plan.length; at += REMOVE_BATCH) {
    removed += (
      await client.removeFiles(
        plan.slice(at, at + REMOVE_BATCH).map((file) => file.url),
        { signal },
      )
    ).removed;
  }
  // What was deleted is a confirmation: nothing with --quiet, so that a cron job stays silent.
  const report = [`Deleted ${plural(removed, 'file')}${plan.length ? ':' : '.'}`, lines].filter(Boolean).join('\n');
  return { result: { deleted: true, files: plan, removed }, text: output.confirm(report) };
}

/**
 * What `sync` does, in order: `mkdir` (parents first), `upload` (new files) and `replace`
 * (changed ones: the new copy is uploaded, then the old copies removed), `remove` (leftover
 * copies of a file that is already there, from an interrupted replacement), then with --delete
 * `delete` (remote files with no local counterpart) and `rmdir` (remote folders likewise,
 * deepest first).
 *
 * A file is unchanged when a remote copy has its size and, unless --size-only, either was
 * uploaded after the file last changed (its mtime or ctime, whichever is later: a restore that
 * keeps old mtimes still moves the ctime) or has its Whirlpool: only files changed since their
 * upload are hashed. A rerun after an interruption finds what was done and does the rest; the
 * worst a cut can leave is a changed file with both copies, which the rerun resolves.
 */
async function syncPlan(localDir, local, remote, values, signal) {
  const plan = [];
  for (const path of local.folders) if (!remote.folders.has(path)) plan.push({ action: 'mkdir', path });
  const copiesOf = new Map();
  for (const file of remote.files) copiesOf.set(file.path, [...(copiesOf.get(file.path) ?? []), file]);
  for (const [path, { size, modifiedAt }] of local.files) {
    const copies = copiesOf.get(path) ?? [];
    let hash = null;
    const isSame = async (copy) => {
      if (copy.size !== size) return false;
      if (values['size-only'] || (copy.uploadedAt && copy.uploadedAt > parisDate(modifiedAt))) return true;
      hash ??= await whirlpoolOfFile(join(localDir, path), signal);
      return sameHash(copy, hash);
    };
    let kept = null;
    for (const copy of copies) if (!kept && (await isSame(copy))) kept = copy;
    if (!kept)
      plan.push({ action: copies.length ? 'replace' : 'upload', path, size, replaces: copies.map((copy) => copy.url) });
    for (const copy of copies)
      if (kept && copy !== kept) plan.push({ action: 'remove', path, size: copy.size, url: copy.url });
  }
  if (values.delete) {
    // Whatever is here under a path keeps its remote counterpart: an empty file, a link, a pipe.
    const here = new Set([...local.files.keys(), ...local.empty, ...local.other]);
    for (const file of remote.files)
      if (!here.has(file.path)) plan.push({ action: 'delete', path: file.path, size: file.size, url: file.url });
    const kept = new Set([...local.folders, ...local.other]);
    const gone = [...remote.folders.keys()].filter((path) => !kept.has(path));
    for (const path of gone.sort((a, b) => b.length - a.length))
      plan.push({ action: 'rmdir', path, id: remote.folders.get(path) });
  }
  return plan;
}

/** Files deleted per `file/rm` call (prune, sync). */
const REMOVE_BATCH = 100;

/**
 * One-way sync of a local folder into a 1fichier folder tree; see `syncPlan`. A file that
 * fails (unreadable, changed while it was sent, refused) is reported and the others go on;
 * refusals that every file would meet (key, Premium, flood, Ctrl-C) stop the run.
 */
async function sync({ client, args, values, output, signal }) {
  const [localDir, id] = args;
  const rootId = wholeNumber(id, 'The folder id');
  if (!isFolder(localDir)) throw invalid(`${localDir} is not a folder on this machine.`);
  const local = localTree(localDir);
  noteLeftOut(output, local);
  const remote = await remoteTree(client, rootId, signal);
  const nothingHere = !local.files.size && !local.folders.length && !local.empty.length && !local.other.length;
  if (values.delete && nothingHere && (remote.files.length || remote.folders.size))
    throw invalid(
      `${localDir} is empty: --delete would empty folder ${rootId} on 1fichier. Refused (is the disk mounted?); ` +
        'delete with rm, or prune, if that is what you want.',
    );
  const plan = await syncPlan(localDir, local, remote, values, signal);
  const row = (step) => [step.action, step.size === undefined ? '' : humanSize(step.size), step.path];
  if (values['dry-run'] || !plan.length) {
    const heading = plan.length ? `Would do ${plural(plan.length, 'step')} (without --dry-run):` : 'Up to date.';
    return {
      result: { dryRun: values['dry-run'] === true, plan, done: [], failed: [] },
      text: [output.confirm(heading), table(plan.map(row), { right: [1] })].filter(Boolean).join('\n'),
    };
  }
  const bars = process.stderr.isTTY && !output.json && !output.quiet ? new TransferBars(process.stderr) : undefined;
  if (bars) bars.total = plan.reduce((sum, step) => sum + (step.replaces ? step.size : 0), 0);
  const done = [];
  const failed = [];
  const attempt = async (steps, run) => {
    try {
      await run();
      done.push(...steps);
    } catch (error) {
      if (!(error instanceof FichierError) || STOPS_EVERYTHING.includes(error.code)) throw error;
      failed.push(...steps.map((step) => ({ ...step, error: { code: error.code, message: error.message } })));
    }
  };
  const context = { client, localDir, rootId, remote, values, output, signal, bars };
  try {
    const removals = plan.filter((step) => step.action === 'remove' || step.action === 'delete');
    for (const step of plan) {
      if (step.action === 'mkdir') {
        // A folder that cannot be made leaves its files nowhere to go: that stops the run.
        const parentId = folderOf(context, step.path);
        const folder = await client.createFolder(basename(step.path), { parentId, signal });
        remote.folders.set(step.path, folder.id);
        if (folder.name !== basename(step.path)) warnRenamed(output, step.path, folder.name, 'make this folder');
        done.push(step);
      } else if (step.replaces) await attempt([step], () => syncUpload(context, step));
    }
    for (let at = 0; at < removals.length; at += REMOVE_BATCH) {
      const batch = removals.slice(at, at + REMOVE_BATCH);
      await attempt(batch, () =>
        client.removeFiles(
          batch.map((step) => step.url),
          { signal },
        ),
      );
    }
    for (const step of plan.filter((step) => step.action === 'rmdir'))
      await attempt([step], () => client.removeFolder(step.id, { signal }));
  } catch (error) {
    // What was done stays done: say so, and that a rerun finishes the rest.
    if (done.length) output.note(`${plural(done.length, 'step')} of ${plan.length} done; run the same command again.`);
    throw error;
  } finally {
    bars?.clear();
  }
  const text = [output.confirm(`Done: ${plural(done.length, 'step')}.`), table(done.map(row), { right: [1] })];
  const outcome = { result: { dryRun: false, plan, done, failed }, text: text.filter(Boolean).join('\n') };
  if (!failed.length) return outcome;
  const reasons = failed.map((step) => `\n  ${safe(step.path)}: ${safe(step.error.message)}`).join('');
  return {
    ...outcome,
    failure: `${plural(failed.length, 'step')} failed: run the same command again to finish.${reasons}`,
    status: exitStatusOf(failed[0].error.code),
  };
}

/**
 * Names are how sync pairs files and folders: one that 1fichier stored under another name never
 * pairs again. A warning that --quiet does not hide, since it costs work on every run.
 */
function warnRenamed(output, path, stored, again) {
  output.warn(
    `1fichier stored "${safe(basename(path))}" as "${safe(stored)}": sync pairs by name, so it will ` +
      `${again} again on every run. Rename the local one to match.`,
  );
}

/** The 1fichier folder that holds a path of the tree. */
const folderOf = ({ rootId, remote }, path) =>
  parentPath(path) === '' ? rootId : remote.folders.get(parentPath(path));

/**
 * Uploads one file of the plan, then removes the copies it replaces. A file that changed while
 * it was sent is not kept: its copy would look current and hold neither version.
 */
async function syncUpload(context, step) {
  const { client, localDir, values, output, signal, bars } = context;
  const path = join(localDir, step.path);
  const before = statSync(path);
  const bar = bars?.add(step.path);
  let uploaded;
  try {
    ({
      files: [uploaded],
    } = await client.upload(path, {
      folderId: folderOf(context, step.path),
      verify: values.verify === true,
      signal,
      onProgress: bar && (({ sent, total }) => bars.update(bar, { received: sent, total })),
    }));
  } finally {
    bars?.remove(bar);
  }
  const after = statSync(path, { throwIfNoEntry: false });
  if (!after || after.mtimeMs !== before.mtimeMs || after.ctimeMs !== before.ctimeMs || after.size !== before.size) {
    await client.removeFiles(uploaded.url, { signal });
    throw invalid(`${step.path} changed while it was being uploaded; its copy was not kept.`);
  }
  step.url = uploaded.url;
  if (uploaded.name !== basename(step.path)) warnRenamed(output, step.path, uploaded.name, 'upload this file');
  // The new copy is there: only now may the old ones go.
  if (step.replaces.length) await client.removeFiles(step.replaces, { signal });
}

const sizeOf = (path) => {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
};

async function link({ client, args, values, signal }) {
  const result = await client.downloadLink(fileLink(args[0]), defined({ inline: values.inline, signal }));
  return { result, text: safe(result.directUrl) };
}

async function info({ client, args, signal }) {
  const file = await client.fileInfo(fileLink(args[0]), { signal });
  const rows = [
    ['name', file.name],
    ['link', file.url],
    ['size', file.size === null ? '-' : `${humanSize(file.size)} (${file.size} bytes)`],
    ['uploaded', file.uploadedAt ?? '-'],
    ['folder', file.folderId === null ? '-' : `${file.folderId}${file.path ? ` (${file.path})` : ''}`],
    ['type', file.contentType],
    ['password', file.hasPassword ? 'yes' : 'no'],
    ['whirlpool', file.whirlpool],
  ];
  if (file.description) rows.push(['description', file.description]);
  return { result: file, text: table(rows) };
}

async function mkdir({ client, args, values, signal }) {
  const folder = await client.createFolder(
    args[0],
    defined({ parentId: wholeNumber(values.parent, '--parent'), signal }),
  );
  return { result: folder, text: table([[String(folder.id), folder.name]]) };
}

async function remove({ client, args, values, output, signal }) {
  const folderId = exclusiveTarget(args, values.folder, 'rm');
  if (folderId !== undefined) {
    await client.removeFolder(folderId, { signal });
    return { result: null, text: output.confirm(`Removed folder ${folderId}.`) };
  }
  const result = await client.removeFiles(args.map(fileLink), { signal });
  return { result, text: output.confirm(`Removed ${plural(result.removed, 'file')}.`) };
}

async function move({ client, args, values, output, signal }) {
  const folderId = exclusiveTarget(args, values.folder, 'mv');
  const to = wholeNumber(values.to, '--to');
  const name = values.rename;
  if (folderId !== undefined) {
    // 1fichier ignores the destination of a rename: one or the other.
    if ((to === undefined) === (name === undefined)) {
      throw new UsageError('mv --folder ID takes either --to ID (move) or --rename NAME (rename).');
    }
    const result = await client.moveFolder(folderId, defined({ parentId: to, name, signal }));
    const text =
      name === undefined
        ? `Moved folder ${folderId} into folder ${to}.`
        : `Renamed folder ${folderId}: "${safe(result.oldName)}" -> "${safe(result.name)}".`;
    return { result, text: output.confirm(text) };
  }
  if (to === undefined) throw new UsageError('mv needs --to ID: the destination folder (0 = the root).');
  const result = await client.moveFiles(args.map(fileLink), defined({ folderId: to, name, signal }));
  const renamed = result.name ? `, renamed "${safe(result.name)}"` : '';
  return { result, text: output.confirm(`Moved ${plural(result.moved, 'file')} into folder ${to}${renamed}.`) };
}

async function copy({ client, args, values, signal }) {
  const to = wholeNumber(values.to, '--to');
  if (to === undefined) throw new UsageError('cp needs --to ID: the destination folder (0 = the root).');
  const result = await client.copyFiles(
    args.map(fileLink),
    defined({ folderId: to, name: values.rename, password: passwordOf(values), signal }),
  );
  return { result, text: table(result.files.map((file) => [file.sourceUrl, '->', file.url])) };
}

async function rename({ client, args, values, output, signal }) {
  const folderId = wholeNumber(values.folder, '--folder');
  const [target, name] = folderId === undefined ? args : [undefined, ...args];
  if (name === undefined || (folderId !== undefined && args.length !== 1))
    throw new UsageError('rename takes a file link and a name, or --folder ID and a name.');
  if (folderId !== undefined) {
    const result = await client.moveFolder(folderId, { name, signal });
    return {
      result,
      text: output.confirm(`Renamed folder ${folderId}: "${safe(result.oldName)}" -> "${safe(result.name)}".`),
    };
  }
  const result = await client.renameFiles({ url: fileLink(target), name }, { signal });
  return {
    result,
    text: output.confirm(`Renamed ${plural(result.renamed, 'file')}: "${safe(result.files[0]?.name ?? name)}".`),
  };
}

async function share({ client, args, values, output, signal }) {
  const folderId = wholeNumber(args[0], 'The folder id');
  const people = values.with ?? [];
  const password = passwordOf(values);
  if (values.off) {
    if (people.length || password !== undefined || values.private)
      throw new UsageError('share --off takes no other sharing option.');
  } else if (values.private && !people.length) {
    throw new UsageError('share --private needs --with EMAIL: a folder shared with nobody is --off.');
  }
  if ((values.rw || values['hide-links']) && !people.length)
    throw new UsageError('--rw and --hide-links go with --with EMAIL.');
  if (values.rw && values['hide-links']) throw new UsageError('--hide-links shares read-only: not with --rw.');
  if (values.private && password !== undefined)
    throw new UsageError('--password protects the public link: not with --private.');
  const isPublic = !values.off && !values.private;
  const result = await client.shareFolder(
    folderId,
    defined({
      public: isPublic,
      password,
      shares: people.map((email) => ({ email, rw: values.rw === true, hideLinks: values['hide-links'] === true })),
      signal,
    }),
  );
  const lines = [];
  if (result.shareUrl) lines.push(safe(result.shareUrl));
  if (people.length) lines.push(output.confirm(`Shared with ${people.map(safe).join(', ')}.`));
  if (values.off) lines.push(output.confirm(`Folder ${folderId} is no longer shared.`));
  return { result: { ...result, sharedWith: people }, text: lines.filter(Boolean).join('\n') };
}

async function ftp({ client, args, values, output, env, signal }) {
  const [action, user] = args;
  const needsUser = action === 'add' || action === 'rm';
  if (!['users', 'add', 'rm', 'process'].includes(action) || needsUser !== (user !== undefined))
    throw new UsageError('ftp takes users, add USER, rm USER or process.');
  if (action !== 'add' && (values.folder !== undefined || values['password-file'] !== undefined))
    throw new UsageError('--folder and --password-file go with ftp add.');
  if (action === 'users') {
    const users = await client.ftpUsers({ signal });
    const rows = users.map((entry) => [entry.user, entry.folderId === null ? '-' : String(entry.folderId)]);
    return { result: users, text: rows.length ? table([['USER', 'FOLDER'], ...rows]) : '' };
  }
  if (action === 'add') {
    const password = readSecret(values['password-file'], env[FTP_PASSWORD_VARIABLE], 'FTP password');
    if (password === undefined)
      throw invalid(`ftp add needs the user's password in $${FTP_PASSWORD_VARIABLE} or a --password-file.`);
    await client.addFtpUser(user, password, defined({ folderId: wholeNumber(values.folder, '--folder'), signal }));
    return { result: { user }, text: output.confirm(`Added FTP user ${safe(user)}.`) };
  }
  if (action === 'rm') {
    await client.removeFtpUser(user, { signal });
    return { result: { user }, text: output.confirm(`Removed FTP user ${safe(user)}.`) };
  }
  const result = await client.processFtp({ signal });
  return { result, text: output.confirm(safe(result.message)) };
}

/** `NAME=VALUE` of `settings`: true/false are booleans, digits numbers; the package checks the rest. */
function settingValue(text) {
  const at = text.indexOf('=');
  if (at < 1) throw new UsageError(`settings takes NAME=VALUE pairs, not ${JSON.stringify(text)}.`);
  const [name, value] = [text.slice(0, at), text.slice(at + 1)];
  if (value === 'true' || value === 'false') return [name, value === 'true'];
  return [name, /^\d+$/.test(value) ? Number(value) : value];
}

async function settings({ client, args, signal }) {
  const account = args.length
    ? await client.setUserSettings(Object.fromEntries(args.map(settingValue)), { signal })
    : await client.userInfo({ signal });
  const rows = Object.entries(account.settings).map(([name, value]) => [name, String(value)]);
  return { result: account.settings, text: table(rows) };
}

/** `rm`/`mv` act on file links or, with --folder, on one folder: never both, never neither. */
function exclusiveTarget(urls, folder, name) {
  if (folder !== undefined && urls.length) throw new UsageError(`${name} takes file links or --folder ID, not both.`);
  if (folder === undefined && !urls.length) throw new UsageError(`${name} needs file links, or --folder ID.`);
  return wholeNumber(folder, '--folder');
}

/**
 * The package takes any http(s) URL as a file link; a folder or download link there is a
 * common mix-up that 1fichier would only answer with a vague error, so say what to do.
 */
function fileLink(url) {
  const kind = parseLink(url)?.kind;
  if (kind === 'folder')
    throw invalid(`${url} is a folder's share link; commands take folder ids (see \`${NAME} ls\`).`);
  if (kind === 'direct') throw invalid(`${url} is a download link; give the file's link (https://1fichier.com/?...).`);
  return url;
}

// ---- helpers

/** The options without their undefined entries: the package refuses none, but sends less. */
const defined = (options) => Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));

/** argv values are strings; ids, counts and durations must be whole numbers (undefined stays). */
function wholeNumber(text, what) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw invalid(`${what} must be a whole number, not ${JSON.stringify(text)}.`);
  return Number(text);
}

/** --password as given, or the content of --password-file, trimmed (one or the other); undefined when neither. */
function passwordOf(values) {
  if (values.password !== undefined && values['password-file'] !== undefined)
    throw new UsageError('Give --password or --password-file, not both.');
  if (values['password-file'] === undefined) return values.password;
  return readSecret(values['password-file'], undefined, 'password');
}

/** The key from --api-key-file, else from the environment; trimmed; undefined when none. */
function readApiKey(values, env) {
  return readSecret(values['api-key-file'], env[KEY_VARIABLE], 'API key');
}

/**
 * A secret from a file (`path`), else from an environment variable's value; trimmed;
 * undefined when neither has one. Secrets never come from argv (visible in `ps`).
 */
function readSecret(path, fromEnv, what) {
  if (path === undefined) return fromEnv?.trim() || undefined;
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(`Cannot read the ${what} file ${JSON.stringify(path)} (${error.code ?? error.message}).`);
  }
  const secret = text.trim();
  if (!secret) throw invalid(`The ${what} file ${JSON.stringify(path)} is empty.`);
  return secret;
}

/** Aborts on Ctrl-C (the call then fails with `aborted`: exit 130); a second Ctrl-C kills. */
function interruptSignal() {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

function version() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function humanSize(bytes) {
  if (bytes === null || bytes === undefined) return '-';
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  let unit = 0;
  let value = bytes;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

const plural = (count, noun, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`;

/**
 * Rows of cells as aligned columns; `right` lists the columns aligned to the right. Cells
 * are escaped (`safe`): many hold names or messages from 1fichier.
 */
function table(cells, { right = [] } = {}) {
  const rows = cells.map((row) => row.map((cell) => safe(cell)));
  const widths = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A one-line bar redrawn in place on a terminal; redrawn only when the shown value changes. */
class ProgressBar {
  static WIDTH = 30;
  #stream;
  #shown = -1;

  constructor(stream) {
    this.#stream = stream;
  }

  update({ sent, total }) {
    const permille = total ? Math.min(1000, Math.floor((sent / total) * 1000)) : 1000;
    if (permille === this.#shown) return;
    this.#shown = permille;
    const filled = Math.round((permille / 1000) * ProgressBar.WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(ProgressBar.WIDTH - filled)}`;
    this.#stream.write(
      `\r[${bar}] ${(permille / 10).toFixed(1).padStart(5)}%  ${humanSize(sent)} / ${humanSize(total)}\x1b[K`,
    );
  }

  clear() {
    if (this.#shown >= 0) this.#stream.write('\r\x1b[K');
  }
}

/** One line per file being downloaded and a total, redrawn in place on a terminal (~10 per second). */
class TransferBars {
  static WIDTH = 20;
  /** Bytes of every file to download, when known. */
  total = null;
  #stream;
  #active = new Map();
  #done = 0;
  #lines = 0;
  #timer;

  constructor(stream) {
    this.#stream = stream;
  }

  add(name) {
    const bar = { name, received: 0, total: null };
    this.#active.set(bar, bar);
    this.#schedule();
    return bar;
  }

  update(bar, { received, total }) {
    Object.assign(bar, { received, total });
    this.#schedule();
  }

  remove(bar) {
    if (!bar) return;
    this.#done += bar.received;
    this.#active.delete(bar);
    this.#schedule();
  }

  #schedule() {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#draw();
    }, 100);
  }

  #draw() {
    const line = (label, received, total) => {
      const share = total ? Math.min(1, received / total) : 0;
      const filled = Math.round(share * TransferBars.WIDTH);
      return `[${'#'.repeat(filled)}${'.'.repeat(TransferBars.WIDTH - filled)}] ${humanSize(received).padStart(10)}  ${safe(label).slice(0, 60)}\x1b[K`;
    };
    const bars = [...this.#active.values()];
    const received = this.#done + bars.reduce((sum, bar) => sum + bar.received, 0);
    const lines = [...bars.map((bar) => line(bar.name, bar.received, bar.total)), line('total', received, this.total)];
    const up = this.#lines > 1 ? `\x1b[${this.#lines - 1}A` : '';
    this.#stream.write(`${up}\r${lines.join('\n')}\x1b[J`);
    this.#lines = lines.length;
  }

  clear() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#lines) this.#stream.write(`${this.#lines > 1 ? `\x1b[${this.#lines - 1}A` : ''}\r\x1b[J`);
    this.#lines = 0;
  }
}

process.exitCode = await main(process.argv.slice(2), process.env);
