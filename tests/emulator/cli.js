#!/usr/bin/env node
// Runs the emulator until SIGINT/SIGTERM:
//   node tests/emulator/cli.js [--port 8080] [--upload-port 8081] [--direct-port 8082] [--host H] [--cors] [--rate-limits]
//                              [--key KEY --email E --offer N] [--log] [--help]
// Its checksums are Whirlpool, as 1fichier's: Node 20 keeps it in OpenSSL's legacy provider,
// so the emulator restarts itself with --openssl-legacy-provider when it is missing.
import { spawn } from 'node:child_process';
import { getHashes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';
import { DEFAULT_ACCOUNTS } from './model.js';

const USAGE = `Usage: node tests/emulator/cli.js [options]
  --port N          the API server's port (default 0: a free one)
  --upload-port N   give the upload node its own server on port N (0: a free one); by default it
                    answers on the API's port, where clients send it the key
  --direct-port N   serve direct download links from their own server on port N (0: a free one)
  --host H          the address to listen on (default 127.0.0.1)
  --cors            add CORS headers (for browsers; the real API sends none)
  --rate-limits     turn on the documented rate limits
  --strict          refuse integers sent as digit strings and /v1 calls without a JSON Content-Type
  --key K --email E --offer N   the one account (default: the demo key, Premium)
  --log             one line per request on stderr
  --help            this text`;

if (!getHashes().includes('whirlpool') && !process.execArgv.includes('--openssl-legacy-provider')) {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string', default: '0' },
        'upload-port': { type: 'string' },
        'direct-port': { type: 'string' },
        cors: { type: 'boolean', default: false },
        'rate-limits': { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        key: { type: 'string' },
        email: { type: 'string' },
        offer: { type: 'string' },
        log: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const [demo] = DEFAULT_ACCOUNTS;
  const account = {
    key: values.key ?? demo.key,
    email: values.email ?? demo.email,
    offer: values.offer === undefined ? demo.offer : Number(values.offer),
  };
  const emulator = await startEmulator({
    ...(values.host && { host: values.host }),
    port: Number(values.port),
    uploadPort: values['upload-port'] === undefined ? null : Number(values['upload-port']),
    directPort: values['direct-port'] === undefined ? null : Number(values['direct-port']),
    cors: values.cors,
    rateLimits: values['rate-limits'] ? 'real' : false,
    strict: values.strict,
    accounts: [account],
    log: values.log,
  });
  console.log(`1fichier emulator: API ${emulator.apiBase}, upload host ${emulator.uploadHost}`);

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await emulator.close();
      process.exit(0);
    });
  }
}
