#!/usr/bin/env node
// The 1fichier emulator in its own process, for bench/run.mjs: its CPU time and memory are
// then not counted in the measured client's process.
//   node bench/emulator-process.mjs ['{"endPendingPolls":0}']   (startEmulator options as JSON)
// Prints one JSON line on stdout: { apiBase, uploadHost, origin, pid }. Stops when stdin ends
// (the parent exited or closed it), or on SIGINT/SIGTERM.
import { startEmulator } from '../tests/emulator/index.js';

const options = process.argv[2] ? JSON.parse(process.argv[2]) : {};
const emulator = await startEmulator(options);
process.stdout.write(
  `${JSON.stringify({
    apiBase: emulator.apiBase,
    uploadHost: emulator.uploadHost,
    origin: emulator.origin,
    pid: process.pid,
  })}\n`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const forced = setTimeout(() => process.exit(1), 5000);
  forced.unref();
  await emulator.close();
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, stop);
