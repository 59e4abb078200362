// The main job of the package, against the local 1fichier: start it, remote-upload a URL,
// upload a file with a progress bar, list the folder and print the links.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../pkg/dist/node.mjs';
import { startEmulator } from '../tests/emulator/index.js';

const emulator = await startEmulator({ remoteDelayMs: 500 });
const apiKey = 'DEMO0123456789abcdefDEMO01234567';
const client = new Client({ apiKey, apiBase: emulator.apiBase, minIntervalMs: 200 });
const scratch = mkdtempSync(join(tmpdir(), 'onefichier-demo-'));

try {
  console.log(`Local 1fichier: ${emulator.apiBase} (upload node ${emulator.uploadHost})\n`);
  const account = await client.userInfo();
  console.log(`Connected as ${account.email} (${account.offerName})`);

  const folder = await client.createFolder('demo');
  console.log(`Created folder "${folder.name}" (id ${folder.id})`);

  const source = `${emulator.origin}/__emulator/source/dataset.csv?size=250000`;
  const [job] = await client.remoteUpload([source], { folderId: folder.id });
  console.log(`Asked 1fichier to fetch ${source} (job ${job.id}); waiting…`);
  const done = await client.waitForRemoteJob(job.id, { intervalMs: 500 });
  for (const result of done.results)
    console.log(`  ${result.ok ? 'fetched' : 'failed'}: ${result.sourceUrl} -> ${result.url ?? result.message}`);

  const path = join(scratch, 'backup.tar');
  writeFileSync(path, Buffer.alloc(8 << 20, 7));
  const uploaded = await client.upload(path, {
    folderId: folder.id,
    onProgress: ({ sent, total }) =>
      process.stdout.write(`\r  uploading backup.tar ${String(Math.round((100 * sent) / total)).padStart(3)}%`),
  });
  console.log(`\n  uploaded: ${uploaded.files[0].url}`);

  console.log(`\nFiles in "${folder.name}":`);
  for (const file of await client.listFiles(folder.id)) {
    const direct = await client.downloadLink(file.url);
    console.log(
      `  ${file.name.padEnd(12)} ${String(file.size).padStart(9)} bytes  ${file.url}  (direct: ${direct.directUrl})`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await emulator.close();
}
