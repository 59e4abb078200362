// Runs in a Chromium page: what a web app does with the package, loaded through an import
// map from the installed tarball. Returns plain facts for the Node side to assert.
import { Client, FichierError, parseLink } from 'onefichier';

const codeOf = (promise, ErrorClass = FichierError) =>
  promise.then(
    () => 'no error',
    (e) => (e instanceof ErrorClass ? e.code : `not a FichierError: ${e}`),
  );

/** How many upload bodies the local 1fichier has received. */
async function uploadPosts(origin) {
  const requests = await (await fetch(`${origin}/__emulator/requests`)).json();
  return requests.filter((r) => r.server === 'upload' && r.method === 'POST').length;
}

async function inject(origin, fault) {
  await fetch(`${origin}/__emulator/faults`, { method: 'POST', body: JSON.stringify(fault) });
}

window.runScenario = async ({ apiBase, origin, key, deadPort }) => {
  const client = new Client({ apiKey: key, apiBase, minIntervalMs: 0, floodWaitMs: 0 });
  const facts = {};
  facts.email = (await client.userInfo()).email;
  const folder = await client.createFolder('from-the-page');
  const progress = [];
  const file = new File(['x'.repeat(300_000)], 'page.txt', { type: 'text/plain' });
  const uploaded = await client.upload(file, { folderId: folder.id, onProgress: (p) => progress.push(p.sent) });
  facts.uploaded = uploaded.files.map((f) => [f.name, f.size, parseLink(f.url)?.kind]);
  facts.progressEnd = progress.at(-1);
  facts.progressSteps = progress.length;
  facts.listed = (await client.listFiles(folder.id)).map((f) => f.name);
  facts.blob = (await client.upload(new Blob(['b']), { folderId: String(folder.id) })).files.map((f) => f.name);
  // A verified upload reads the File a second time for its hash, through the lazy chunks.
  facts.verified = (await client.upload(file, { verify: true })).files.map((f) => f.whirlpool.length);
  await inject(origin, { path: 'upload.cgi', type: 'damaged' });
  facts.damaged = await codeOf(client.upload(file, { verify: true }));
  const [job] = await client.remoteUpload([`${origin}/__emulator/source/r.bin?size=100`], { folderId: folder.id });
  facts.remote = (await client.waitForRemoteJob(job.id, { intervalMs: 50, maxWaitMs: 30_000 })).results.map((r) => [
    r.ok,
    parseLink(r.url)?.kind,
  ]);
  facts.direct = (await client.downloadLink(uploaded.files[0].url)).directUrl.startsWith('http');

  facts.errors = {
    invalid_input: await codeOf(client.listFolder(-5)),
    unknown_option: await codeOf(client.listFiles(0, { folder: 1 })),
    aborted: await codeOf(client.userInfo({ signal: AbortSignal.abort() })),
    auth: await codeOf(
      new Client({ apiKey: 'WRONG0123456789abcdefWRONG012345', apiBase, minIntervalMs: 0 }).userInfo(),
    ),
    not_found: await codeOf(client.fileInfo('https://1fichier.com/?zzzzzzzzzz')),
    network: await codeOf(
      new Client({ apiKey: key, apiBase: `http://127.0.0.1:${deadPort}/v1`, maxRetries: 0 }).userInfo(),
    ),
  };
  await inject(origin, { path: 'file/ls.cgi', type: 'flood' });
  facts.errors.flood = await codeOf(client.listFiles(0));
  await inject(origin, { path: 'user/info.cgi', type: 'html' });
  facts.errors.decode = await codeOf(client.userInfo());

  // The upload senders' own limits: a node that never answers, an onProgress that throws; with
  // XMLHttpRequest (pages, workers), then with fetch (what service workers have).
  const small = () => new File(['s'.repeat(1000)], 's.txt');
  const broken = () => {
    throw new Error('bug in the caller');
  };
  facts.senders = {};
  // Past the flood lock injected above (floodLockMs 100).
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const sender of ['xhr', 'fetch']) {
    const saved = window.XMLHttpRequest;
    if (sender === 'fetch') window.XMLHttpRequest = undefined;
    try {
      await inject(origin, { path: 'upload.cgi', type: 'silent' });
      const silent = await codeOf(client.upload(small(), { answerTimeoutMs: 300 }));
      const before = await uploadPosts(origin);
      const progressThrows = await codeOf(client.upload(small(), { onProgress: broken }));
      // It threw at 0 bytes: no body may go out after that.
      await new Promise((resolve) => setTimeout(resolve, 100));
      facts.senders[sender] = { silent, progressThrows, sentAfterThrow: (await uploadPosts(origin)) - before };
    } finally {
      window.XMLHttpRequest = saved;
    }
  }

  const worker = new Worker(new URL('./browser-worker.js', import.meta.url), { type: 'module' });
  facts.worker = await new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => resolve({ error: event.message ?? 'worker failed to start' });
    worker.postMessage({ apiBase, key });
  });

  const slim = await import('onefichier/slim');
  // Each entry is its own bundle with its own FichierError class.
  facts.slimBeforeInit = await codeOf(
    Promise.resolve().then(() => new slim.Client({ apiKey: key, apiBase })),
    slim.FichierError,
  );
  await slim.init(new URL('/node_modules/onefichier/onefichier_bg.wasm', location.href));
  await slim.init(new URL('/node_modules/onefichier/onefichier_bg.wasm', location.href));
  facts.slimParse = slim.parseLink('https://1fichier.com/?abcde12345').kind;
  facts.slimEmail = (await new slim.Client({ apiKey: key, apiBase, minIntervalMs: 0 }).userInfo()).email;
  return facts;
};
