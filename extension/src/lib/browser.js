// The WebExtension namespace. Firefox and Chrome ≥ 148 both have a promise-based `browser`;
// `chrome` (also promise-based in MV3) is the fallback for older Chromium builds.
export const ext = globalThis.browser ?? globalThis.chrome;

/** Whether this build runs in Firefox (background page, `menus` API, no notification buttons). */
export const isFirefox = typeof ext?.runtime?.getBrowserInfo === 'function';
