#!/usr/bin/env node
// Runs the emulator until SIGINT/SIGTERM:
//   node tests/emulator/cli.js [--port 8080] [--upload-port 8081] [--host H] [--cors] [--rate-limits]
//                              [--key KEY --email E --offer N] [--log]
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';
import { DEFAULT_ACCOUNTS } from './model.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string', default: '0' },
    'upload-port': { type: 'string' },
    cors: { type: 'boolean', default: false },
    'rate-limits': { type: 'boolean', default: false },
    key: { type: 'string' },
    email: { type: 'string' },
    offer: { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});

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
  cors: values.cors,
  rateLimits: values['rate-limits'] ? 'real' : false,
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
