// The onefichier client for this extension's worker and pages. The wasm is loaded lazily from
// the extension's own files on first use (service workers forbid top-level await).
import { Client, extractLinks, init, parseLink } from 'onefichier/slim';
import { ext } from './browser.js';
import { ExtensionError } from './errors.js';

let wasmReady;

/** Loads the wasm once per page or worker. */
export function loadWasm() {
  wasmReady ??= init(ext.runtime.getURL('onefichier_bg.wasm'));
  return wasmReady;
}

/**
 * A client for `settings`. Flood locks fail at once (floodWaitMs 0): the extension shows them
 * and lets the user retry rather than waiting 30 s behind a spinner.
 */
export async function createClient(settings, { requireKey = true } = {}) {
  if (requireKey && !settings.apiKey) throw new ExtensionError('missing_key');
  await loadWasm();
  return new Client({ apiKey: settings.apiKey || undefined, apiBase: settings.apiBase, floodWaitMs: 0 });
}

/** parseLink/extractLinks of the package, once the wasm is loaded. */
export async function linkTools() {
  await loadWasm();
  return { parseLink, extractLinks };
}
