// The user's settings: one versioned object under `settings` in storage.local (never sync:
// the API key stays on this machine). Every read goes through migrate(), so a settings object
// written by any earlier version, or damaged, still loads without losing the key.
import { ext } from './browser.js';
import { isAllowedApiBase } from './urls.js';

export const SETTINGS_VERSION = 1;
/**
 * 1fichier's API: the package's DEFAULT_API_BASE, which the manifest's host permission covers.
 * A copy, tied to the package's by tests/extension/unit.test.mjs: importing it would bring the
 * whole client into the popup, which reads the settings but never calls 1fichier.
 */
export const DEFAULT_API_BASE = 'https://api.1fichier.com/v1';
const STORAGE_KEY = 'settings';

/** A destination: 1fichier folder id (0 = root) and the name shown to the user ('' for the root). */
const ROOT_FOLDER = Object.freeze({ id: 0, name: '' });

export function defaultSettings() {
  return {
    version: SETTINGS_VERSION,
    apiKey: '',
    apiBase: DEFAULT_API_BASE,
    defaultFolder: { ...ROOT_FOLDER },
    favourites: [],
    showPageItem: true,
    notifyOnSend: true,
    notifyOnDone: true,
  };
}

function folderOrNull(value) {
  if (value === null || typeof value !== 'object') return null;
  const id = Number(value.id);
  if (!Number.isSafeInteger(id) || id < 0) return null;
  return { id, name: typeof value.name === 'string' ? value.name : '' };
}

/**
 * Steps from one version to the next; index = the version a step starts from. Version 1 is
 * the first released shape, so the only step reads an object without a version (written by
 * hand, or damaged) as version 1; normalise() then keeps what is valid. A later shape change
 * adds a step here and a test in tests/extension/unit.test.mjs.
 */
const MIGRATIONS = [(unversioned) => ({ ...unversioned, version: 1 })];

/**
 * Any stored value → current settings. Unknown fields are dropped, bad fields fall back to
 * their default, and a version newer than this build is read as far as it is understood.
 */
export function migrate(stored) {
  let value = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? { ...stored } : {};
  let version = Number.isInteger(value.version) && value.version >= 0 ? value.version : 0;
  while (version < SETTINGS_VERSION) value = MIGRATIONS[version++](value);
  return normalise(value);
}

function normalise(value) {
  const settings = defaultSettings();
  if (typeof value.apiKey === 'string') settings.apiKey = value.apiKey.trim();
  if (typeof value.apiBase === 'string' && isAllowedApiBase(value.apiBase))
    settings.apiBase = value.apiBase.replace(/\/+$/, '');
  settings.defaultFolder = folderOrNull(value.defaultFolder) ?? settings.defaultFolder;
  if (Array.isArray(value.favourites)) {
    const seen = new Set();
    settings.favourites = value.favourites
      .map(folderOrNull)
      .filter((folder) => folder && !seen.has(folder.id) && seen.add(folder.id));
  }
  for (const flag of ['showPageItem', 'notifyOnSend', 'notifyOnDone']) {
    if (typeof value[flag] === 'boolean') settings[flag] = value[flag];
  }
  return settings;
}

export async function loadSettings() {
  const { [STORAGE_KEY]: stored } = await ext.storage.local.get(STORAGE_KEY);
  return migrate(stored);
}

let saving = Promise.resolve();

/**
 * Merges `changes` into the stored settings; returns the saved settings. Saves of one page
 * run one after the other, so two quick clicks cannot overwrite each other's change.
 */
export function saveSettings(changes) {
  const run = saving.then(async () => {
    const settings = migrate({ ...(await loadSettings()), ...changes, version: SETTINGS_VERSION });
    await ext.storage.local.set({ [STORAGE_KEY]: settings });
    return settings;
  });
  saving = run.catch(() => {});
  return run;
}

/** Calls `listener(settings)` whenever the stored settings change. */
export function onSettingsChanged(listener) {
  ext.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STORAGE_KEY in changes) listener(migrate(changes[STORAGE_KEY].newValue));
  });
}

/** What may be shown of a saved key: its last four characters. */
export function keyHint(apiKey) {
  return apiKey ? `••••${apiKey.slice(-4)}` : '';
}

/** Whether the API base is 1fichier's own (covered by the manifest's host permissions). */
export function isOfficialApi(apiBase) {
  return new URL(apiBase).hostname === new URL(DEFAULT_API_BASE).hostname;
}
