// The control API under /__emulator/ on the API server, for tests running elsewhere (a browser,
// a wasm test in Chromium). Always CORS-enabled, never faulted, rate-limited or recorded.
import { CORS_HEADERS, send } from './replies.js';
import { readBody } from './util.js';

const json = (value, status = 200) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});
const NO_CONTENT = { status: 204, headers: {}, body: '' };

async function readJson(req) {
  const text = (await readBody(req)).toString('utf8');
  return text.trim() ? JSON.parse(text) : {};
}

async function controlReply(emulator, req, route) {
  switch (`${req.method} ${route}`) {
    case 'GET requests':
      return json(emulator.requests);
    case 'DELETE requests':
      emulator.requests.length = 0;
      return NO_CONTENT;
    case 'POST faults': // one fault or an array of faults
      for (const fault of [await readJson(req)].flat()) emulator.inject(fault);
      return NO_CONTENT;
    case 'DELETE faults':
      emulator.clearFaults();
      return NO_CONTENT;
    case 'POST reset':
      emulator.reset();
      return NO_CONTENT;
    case 'POST files':
      return json(emulator.addFile(await readJson(req)), 201);
    case 'POST folders':
      return json(emulator.addFolder(await readJson(req)), 201);
    case 'GET state':
      return json(emulator.state);
    default:
      return json({ error: `no control route ${req.method} /__emulator/${route}` }, 404);
  }
}

/** Answers a /__emulator/<route> request (other than the recorded /__emulator/source downloads). */
export async function handleControl(emulator, req, res, route) {
  let reply;
  if (req.method === 'OPTIONS') {
    reply = NO_CONTENT;
  } else {
    try {
      reply = await controlReply(emulator, req, route);
    } catch (err) {
      // bad JSON, invalid fault or seed: the caller's mistake
      reply = json({ error: err.message }, 400);
    }
  }
  send(res, reply, { extraHeaders: CORS_HEADERS });
}
