// The options page: API key (masked, tested, saved), API address, default folder and
// favourites picked from the account's folder tree, menu and notification toggles.
import { ext } from '../lib/browser.js';
import { createClient } from '../lib/client.js';
import { ExtensionError } from '../lib/errors.js';
import { folderLabel, t } from '../lib/i18n.js';
import { DEFAULT_API_BASE, isOfficialApi, keyHint, loadSettings, saveSettings } from '../lib/settings.js';
import { isAllowedApiBase } from '../lib/urls.js';
import { $, errorText, followSettings, h, initPage, showStatus } from './shared.js';

const keyInput = $('api-key');
const toggleKeyButton = $('toggle-key');
const apiBaseInput = $('api-base');
const testButton = $('test-key');
const keyStatus = $('key-status');
const saveStatus = $('save-status');
const foldersStatus = $('folders-status');
const folderTree = $('folder-tree');
const TOGGLES = {
  'show-page-item': 'showPageItem',
  'notify-on-send': 'notifyOnSend',
  'notify-on-done': 'notifyOnDone',
};

/** The settings as last saved (by this page or another). */
let settings;
/** Folder rows whose sub-folders are loading or loaded: li → Promise. */
const listings = new WeakMap();

initPage();
followSettings(render);

function render(next) {
  const accountChanged = settings && (settings.apiKey !== next.apiKey || settings.apiBase !== next.apiBase);
  // A half-typed API address is the user's: only follow the stored one while it is untouched.
  const apiBaseEdited = settings && apiBaseInput.value !== settings.apiBase;
  settings = next;
  keyInput.placeholder = settings.apiKey ? keyHint(settings.apiKey) : t('optionsKeyPlaceholder');
  $('key-saved').hidden = !settings.apiKey;
  $('key-saved').textContent = t('optionsKeySaved', keyHint(settings.apiKey));
  $('forget-key').hidden = !settings.apiKey;
  if (!apiBaseEdited) apiBaseInput.value = settings.apiBase;
  if (settings.apiBase !== DEFAULT_API_BASE) $('advanced').open = true; // a custom address should not go unnoticed
  for (const [id, flag] of Object.entries(TOGGLES)) $(id).checked = settings[flag];
  $('default-folder').textContent = folderLabel(settings.defaultFolder);
  renderFavourites();
  if (accountChanged) folderTree.replaceChildren(); // another account's folders
  markTreeRows();
}

// --- API key and address ------------------------------------------------------------------

toggleKeyButton.addEventListener('click', () => {
  const show = keyInput.type === 'password';
  setKeyVisible(show);
  keyInput.focus();
});

function setKeyVisible(visible) {
  keyInput.type = visible ? 'text' : 'password';
  toggleKeyButton.textContent = t(visible ? 'optionsHideKey' : 'optionsShowKey');
  toggleKeyButton.setAttribute('aria-pressed', String(visible));
}

$('reset-api-base').addEventListener('click', () => {
  apiBaseInput.value = DEFAULT_API_BASE;
});

/** The typed API address without trailing slashes, or null when the key may not be sent there. */
function typedApiBase() {
  const value = apiBaseInput.value.trim();
  return isAllowedApiBase(value) ? value.replace(/\/+$/, '') : null;
}

/** Asks for access to the API host. Must run before any await of a click handler: the
 * browsers grant permissions only while handling the click. Resolves to whether it is granted. */
function requestHostAccess(apiBase) {
  // Also for 1fichier's own address: it is granted at install, but Firefox users can revoke it,
  // and Save is where they get it back (the browser answers at once when it is still granted).
  try {
    return ext.permissions.request({ origins: [`${new URL(apiBase).origin}/*`] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

$('save').addEventListener('click', async () => {
  const apiBase = typedApiBase();
  if (!apiBase) {
    showStatus(saveStatus, t('optionsApiBaseInvalid'), 'error');
    return;
  }
  const access = requestHostAccess(apiBase);
  const apiKey = keyInput.value.trim();
  try {
    const saved = await saveSettings(apiKey ? { apiKey, apiBase } : { apiBase });
    apiBaseInput.value = saved.apiBase;
  } catch (error) {
    showStatus(saveStatus, errorText(error), 'error');
    return;
  }
  keyInput.value = '';
  setKeyVisible(false);
  showStatus(saveStatus, t('optionsSaved'), 'ok');
  // Saving never waits for the answer.
  if (!(await access)) {
    // 1fichier's API sends no CORS headers: without the permission it cannot work at all.
    const hint = isOfficialApi(apiBase) ? '' : ` ${t('optionsCorsHint')}`;
    showStatus(saveStatus, `${t('optionsSaved')} ${t('error_no_permission')}${hint}`, 'warning');
  }
});

$('forget-key').addEventListener('click', async () => {
  try {
    await saveSettings({ apiKey: '' });
    showStatus(saveStatus, t('optionsKeyForgotten'), 'ok');
  } catch (error) {
    showStatus(saveStatus, errorText(error), 'error');
  }
});

testButton.addEventListener('click', async () => {
  const apiBase = typedApiBase();
  if (!apiBase) {
    showStatus(keyStatus, t('optionsApiBaseInvalid'), 'error');
    return;
  }
  testButton.disabled = true;
  showStatus(keyStatus, t('optionsTesting'));
  try {
    const client = await createClient({ ...settings, apiKey: keyInput.value.trim() || settings.apiKey, apiBase });
    const info = await client.userInfo();
    showStatus(keyStatus, t('optionsConnectedAs', [info.email, t(`offer_${info.offerName}`)]), 'ok');
  } catch (error) {
    showStatus(keyStatus, errorText(error), 'error');
  } finally {
    testButton.disabled = false;
  }
});

// --- Toggles --------------------------------------------------------------------------------

for (const [id, flag] of Object.entries(TOGGLES)) {
  $(id).addEventListener('change', (event) => save({ [flag]: event.target.checked }, $('toggles-status')));
}

/** Saves at once; only a failure is shown (in `statusArea`), the page itself shows the result. */
async function save(changes, statusArea) {
  try {
    await saveSettings(changes);
    showStatus(statusArea, '');
  } catch (error) {
    showStatus(statusArea, errorText(error), 'error');
  }
}

// --- Folder tree, default folder, favourites --------------------------------------------------

$('load-folders').addEventListener('click', () => {
  if (!settings.apiKey) {
    showStatus(foldersStatus, errorText(new ExtensionError('missing_key')), 'error');
    return;
  }
  const root = folderRow({ id: 0, name: '' });
  folderTree.replaceChildren(root);
  markTreeRows();
  toggleFolder(root);
});

function folderRow(folder) {
  const label = folderLabel(folder);
  return h(
    'li',
    { className: 'folder', dataset: { folderId: String(folder.id), folderName: folder.name } },
    h(
      'div',
      { className: 'folder-row' },
      h('button', {
        type: 'button',
        className: 'expand',
        textContent: '▸',
        attributes: { 'aria-expanded': 'false', 'aria-label': t('optionsShowSubfolders', label) },
      }),
      h('span', { className: 'folder-name', textContent: label }),
      h('button', { type: 'button', className: 'use-default', textContent: t('optionsUseAsDefault') }),
      h('button', {
        type: 'button',
        className: 'toggle-favourite',
        textContent: '☆',
        attributes: {
          'aria-pressed': 'false',
          'aria-label': t('optionsFavouriteLabel', label),
          title: t('optionsFavourite'),
        },
      }),
    ),
    h('ul', { className: 'folder-children', hidden: true }),
  );
}

const folderOfRow = (row) => ({ id: Number(row.dataset.folderId), name: row.dataset.folderName });

folderTree.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  const row = button?.closest('li.folder');
  if (!row) return;
  if (button.classList.contains('expand')) toggleFolder(row);
  else if (button.classList.contains('use-default')) save({ defaultFolder: folderOfRow(row) }, foldersStatus);
  else if (button.classList.contains('toggle-favourite')) toggleFavourite(folderOfRow(row));
});

/** Opens or closes a row; its sub-folders are asked for once, on the first opening. */
async function toggleFolder(row) {
  const button = row.querySelector(':scope > .folder-row > .expand');
  const children = row.querySelector(':scope > .folder-children');
  const open = button.getAttribute('aria-expanded') !== 'true';
  if (open && !listings.has(row)) {
    listings.set(row, loadSubfolders(row, children));
    button.disabled = true;
    row.setAttribute('aria-busy', 'true');
    const loaded = await listings.get(row);
    button.disabled = false;
    row.removeAttribute('aria-busy');
    if (!loaded) {
      listings.delete(row); // lets the user try again
      return;
    }
  }
  button.setAttribute('aria-expanded', String(open));
  button.textContent = open ? '▾' : '▸';
  children.hidden = !open;
}

async function loadSubfolders(row, children) {
  try {
    const client = await createClient(settings);
    const listing = await client.listFolder(Number(row.dataset.folderId));
    children.replaceChildren(...listing.folders.map(folderRow));
    row.classList.toggle('no-subfolders', listing.folders.length === 0);
    if (listing.folders.length === 0)
      children.append(h('li', { className: 'hint', textContent: t('optionsNoSubfolders') }));
    markTreeRows();
    showStatus(foldersStatus, '');
    return true;
  } catch (error) {
    showStatus(foldersStatus, errorText(error), 'error');
    return false;
  }
}

/** Marks the default folder and the favourites in the tree. */
function markTreeRows() {
  if (!settings) return;
  const favouriteIds = new Set(settings.favourites.map((folder) => folder.id));
  for (const row of folderTree.querySelectorAll('li.folder')) {
    const id = Number(row.dataset.folderId);
    const isDefault = id === settings.defaultFolder.id;
    const useDefault = row.querySelector(':scope > .folder-row > .use-default');
    row.classList.toggle('is-default', isDefault);
    useDefault.disabled = isDefault;
    useDefault.textContent = t(isDefault ? 'optionsIsDefault' : 'optionsUseAsDefault');
    const star = row.querySelector(':scope > .folder-row > .toggle-favourite');
    star.setAttribute('aria-pressed', String(favouriteIds.has(id)));
    star.textContent = favouriteIds.has(id) ? '★' : '☆';
  }
}

async function toggleFavourite(folder) {
  // Read afresh: another tab may have changed the list since this page last drew it.
  const { favourites } = await loadSettings();
  const next = favourites.some((favourite) => favourite.id === folder.id)
    ? favourites.filter((favourite) => favourite.id !== folder.id)
    : [...favourites, folder];
  await save({ favourites: next }, foldersStatus);
}

function renderFavourites() {
  $('favourites').replaceChildren(
    ...settings.favourites.map((folder) =>
      h(
        'li',
        { dataset: { folderId: String(folder.id) } },
        h('span', { className: 'folder-name', textContent: folderLabel(folder) }),
        h('button', {
          type: 'button',
          className: 'remove-favourite',
          textContent: t('optionsRemoveFavourite'),
          attributes: { 'aria-label': t('optionsRemoveFavouriteLabel', folderLabel(folder)) },
        }),
      ),
    ),
  );
  $('no-favourites').hidden = settings.favourites.length > 0;
}

$('favourites').addEventListener('click', (event) => {
  const row = event.target.closest('.remove-favourite')?.closest('li');
  if (row) toggleFavourite({ id: Number(row.dataset.folderId), name: '' });
});
