// Launches Debian's firefox-esr (headless, fresh profile) and drives it over WebDriver BiDi,
// with the Firefox build of the extension (extension/dist/firefox) installed as a temporary
// add-on. No npm dependency: the WebSocket client below is the few lines BiDi needs.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const EXTENSION = resolve(dirname(fileURLToPath(import.meta.url)), '../../extension/dist/firefox');
export const EXTENSION_ID = 'send-to-1fichier@onefichier';

/** Firefox's own prefs for a quiet test profile; the remote agent adds its recommended ones. */
const prefs = (uuid, profile) => ({
  // moz-extension://<uuid>/ is known in advance.
  'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: uuid }),
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'app.normandy.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  // Optional permissions (downloads) are granted without the doorhanger a test cannot click;
  // the extension still asks, from the click, exactly as for a user.
  'extensions.webextOptionalPermissionPrompts': false,
  // Downloads go to the profile's folder, without asking where.
  'browser.download.dir': join(profile, 'Downloads'),
  'browser.download.folderList': 2,
  'browser.download.useDownloadDir': true,
  'browser.download.always_ask_before_handling_new_types': false,
  'browser.download.start_downloads_in_tmp_dir': false,
  'browser.download.panel.shown': true,
});

/** Starts firefox-esr with a BiDi session and the extension installed. */
export async function launchFirefox({ timeout = 20_000 } = {}) {
  if (!existsSync(FIREFOX)) {
    throw new Error(
      `${FIREFOX} is missing: run \`scripts/setup.sh --browsers\` (it installs firefox-esr), or set FIREFOX_PATH.`,
    );
  }
  if (!existsSync(join(EXTENSION, 'manifest.json'))) {
    throw new Error(`${EXTENSION} is missing: run \`node scripts/build-extension.mjs\`.`);
  }
  const uuid = randomUUID();
  const profile = await mkdtemp(join(tmpdir(), 'send-to-1fichier-firefox-'));
  await writeFile(
    join(profile, 'user.js'),
    Object.entries(prefs(uuid, profile))
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
      .join(''),
  );
  // --remote-allow-system-access: without it BiDi refuses to navigate a tab to moz-extension://
  // ("Navigation to ... is not allowed in this context").
  const child = spawn(
    FIREFOX,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port',
      '0',
      '--remote-allow-system-access',
      'about:blank',
    ],
    {
      env: { ...process.env, MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group, killed as a whole on close
    },
  );
  const exited = new Promise((done) => child.once('exit', done));
  let stderr = '';
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const cleanUp = async () => {
    killGroup('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), sleep(5000, { unref: true }).then(() => false)]);
    if (!gone) {
      killGroup('SIGKILL');
      await exited;
    }
    await sleep(100); // content processes leave after the parent
    killGroup('SIGKILL');
    await rm(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const url = await new Promise((found, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`firefox-esr gave no BiDi address in ${timeout} ms:\n${stderr}`)),
        timeout,
      );
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          found(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`firefox-esr exited (${code}):\n${stderr}`));
      });
    });
    child.stderr.resume();
    const bidi = await connectBiDi(`${url}/session`);
    await bidi.send('session.new', { capabilities: {} });
    const { extension } = await bidi.send('webExtension.install', { extensionData: { type: 'path', path: EXTENSION } });
    return {
      bidi,
      uuid,
      extension,
      profile,
      pid: child.pid,
      get stderr() {
        return stderr;
      },
      origin: `moz-extension://${uuid}`,
      /** Opens an extension page in a new tab and returns its browsing context id. */
      async openPage(path) {
        const { context } = await bidi.send('browsingContext.create', { type: 'tab' });
        await bidi.send('browsingContext.navigate', {
          context,
          url: `moz-extension://${uuid}/${path}`,
          wait: 'complete',
        });
        return context;
      },
      downloadDir: join(profile, 'Downloads'),
      /** A user's click on the element `selector` of the page (real input, so it counts as the user's). */
      async click(context, selector) {
        const { x, y } = await this.evaluate(
          context,
          (css) => {
            const box = document.querySelector(css).getBoundingClientRect();
            return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
          },
          selector,
        );
        await bidi.send('input.performActions', {
          context,
          actions: [
            {
              type: 'pointer',
              id: 'mouse',
              actions: [
                { type: 'pointerMove', x, y },
                { type: 'pointerDown', button: 0 },
                { type: 'pointerUp', button: 0 },
              ],
            },
          ],
        });
      },
      /** Runs `(${fn})(arg)` in the page and returns its (JSON-serialisable) result. */
      async evaluate(context, fn, arg) {
        const reply = await bidi.send('script.evaluate', {
          target: { context },
          expression: `(async () => JSON.stringify(await (${fn})(${JSON.stringify(arg)})))()`,
          awaitPromise: true,
        });
        if (reply.type === 'exception') {
          throw new Error(
            `in the page: ${reply.exceptionDetails.text}\n${JSON.stringify(reply.exceptionDetails.stackTrace ?? '')}`,
          );
        }
        return reply.result.value === undefined ? undefined : JSON.parse(reply.result.value);
      },
      async close() {
        await Promise.race([bidi.send('browser.close', {}).catch(() => {}), sleep(3000, { unref: true })]);
        bidi.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** A WebDriver BiDi connection: `send(method, params)` resolves with the result. */
export async function connectBiDi(url) {
  const socket = await openWebSocket(url);
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  socket.onMessage = (text) => {
    const message = JSON.parse(text);
    if (message.type === 'event') {
      for (const listener of listeners) listener(message);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === 'error') waiter.fail(new Error(`BiDi ${waiter.method}: ${message.error}: ${message.message}`));
    else waiter.done(message.result);
  };
  socket.onClose = () => {
    for (const waiter of pending.values()) waiter.fail(new Error(`BiDi ${waiter.method}: connection closed`));
    pending.clear();
  };
  return {
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((done, fail) => {
        pending.set(id, { method, done, fail });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    close: () => socket.close(),
  };
}

/** A minimal RFC 6455 client: text frames, fragmentation, ping/pong, close. */
function openWebSocket(url) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({
      host: hostname,
      port,
      path: pathname,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.once('response', (res) => fail(new Error(`no WebSocket upgrade at ${url}: HTTP ${res.statusCode}`)));
    req.once('error', fail);
    req.once('upgrade', (_res, tcp, head) => {
      tcp.setNoDelay(true);
      let buffer = head;
      let fragments = [];
      const ws = {
        onMessage: () => {},
        onClose: () => {},
        send: (text) => writeFrame(0x1, Buffer.from(text)),
        close() {
          if (!tcp.destroyed) {
            writeFrame(0x8, Buffer.alloc(0));
            tcp.end();
          }
        },
      };
      function writeFrame(opcode, payload) {
        if (tcp.destroyed) return;
        const length = payload.length;
        const header =
          length < 126
            ? Buffer.from([0x80 | opcode, 0x80 | length])
            : length < 65536
              ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 255])
              : Buffer.concat([
                  Buffer.from([0x80 | opcode, 0x80 | 127]),
                  (() => {
                    const b = Buffer.alloc(8);
                    b.writeBigUInt64BE(BigInt(length));
                    return b;
                  })(),
                ]);
        const mask = randomBytes(4);
        const masked = Buffer.from(payload);
        for (let i = 0; i < masked.length; i++) masked[i] ^= mask[i & 3];
        tcp.write(Buffer.concat([header, mask, masked]));
      }
      tcp.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          if (buffer.length < 2) return;
          const fin = buffer[0] & 0x80;
          const opcode = buffer[0] & 0x0f;
          let length = buffer[1] & 0x7f;
          let offset = 2;
          if (length === 126) {
            if (buffer.length < 4) return;
            length = buffer.readUInt16BE(2);
            offset = 4;
          } else if (length === 127) {
            if (buffer.length < 10) return;
            length = Number(buffer.readBigUInt64BE(2));
            offset = 10;
          }
          if (buffer[1] & 0x80) offset += 4; // servers never mask, but skip a key if one is there
          if (buffer.length < offset + length) return;
          const payload = buffer.subarray(offset, offset + length);
          buffer = buffer.subarray(offset + length);
          if (opcode === 0x8) {
            ws.close();
            continue;
          }
          if (opcode === 0x9) {
            writeFrame(0xa, payload);
            continue;
          }
          if (opcode === 0xa) continue;
          fragments.push(Buffer.from(payload));
          if (fin) {
            const text = Buffer.concat(fragments).toString('utf8');
            fragments = [];
            ws.onMessage(text);
          }
        }
      });
      tcp.on('close', () => ws.onClose());
      tcp.on('error', () => {});
      done(ws);
    });
    req.end();
  });
}

/** `unref`: a pending timeout does not keep the process alive. */
export const sleep = (ms, { unref = false } = {}) =>
  new Promise((done) => {
    const timer = setTimeout(done, ms);
    if (unref) timer.unref();
  });
