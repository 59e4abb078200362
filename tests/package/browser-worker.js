// A module web worker using the default (inline wasm) entry, as an app's worker would.
// Workers do not see the page's import map, hence the path.
import { Client } from '/node_modules/onefichier/dist/browser.js';

self.onmessage = async ({ data: { apiBase, key } }) => {
  try {
    const info = await new Client({ apiKey: key, apiBase, minIntervalMs: 0 }).userInfo();
    self.postMessage({ email: info.email });
  } catch (error) {
    self.postMessage({ error: `${error.code}: ${error.message}` });
  }
};
