// The link picker (pages/picker.html?id=…): every link and media address of a page, grouped by
// type, with a text filter, a select-all per group, 1fichier's own file links marked as copies,
// the destination folder, and one Send. background/page-links.js read the page and left the
// links in storage.session under the picker's id.
import { ext } from '../lib/browser.js';
import { linkTools } from '../lib/client.js';
import { plural, t } from '../lib/i18n.js';
import { LINK_GROUPS, pickerKey, sortPageLinks } from '../lib/link-groups.js';
import { sendUrls } from '../lib/messages.js';
import {
  $,
  errorText,
  fillFolderSelect,
  followSettings,
  h,
  initPage,
  selectedFolder,
  sendOutcome,
  showMissingKey,
  showStatus,
} from './shared.js';

const folderSelect = $('folder');
const sendButton = $('send');
const sendStatus = $('send-status');
const groupsElement = $('groups');

initPage();
followSettings((settings) => {
  fillFolderSelect(folderSelect, settings);
  showMissingKey(settings);
});

const rows = () => [...groupsElement.querySelectorAll('li.picked-link')];
const visible = (row) => !row.hidden;
const boxOf = (row) => row.querySelector('input[type="checkbox"]');
const chosenUrls = () =>
  rows()
    .filter((row) => boxOf(row).checked)
    .map((row) => row.dataset.url);

function linkRow(link) {
  return h(
    'li',
    { className: 'picked-link', dataset: { url: link.url, search: `${link.url} ${link.text}`.toLowerCase() } },
    h(
      'label',
      { className: 'check' },
      h('input', { type: 'checkbox', value: link.url }),
      h(
        'span',
        { className: 'picked-text' },
        h('span', { className: 'picked-url', textContent: link.url }),
        link.text && h('span', { className: 'hint', textContent: link.text }),
      ),
      h('span', {
        className: `badge action-${link.action}`,
        textContent: t(`pickerAction_${link.action}`),
        title: t(`pickerActionHint_${link.action}`),
      }),
    ),
  );
}

function groupElement(group, links) {
  return h(
    'section',
    { className: 'card picker-group', dataset: { group } },
    h(
      'div',
      { className: 'section-header' },
      h(
        'label',
        { className: 'check group-toggle' },
        h('input', { type: 'checkbox', className: 'select-group' }),
        h('h2', { textContent: t(`pickerGroup_${group}`) }),
      ),
      h('span', { className: 'hint group-count' }),
    ),
    h('ul', { className: 'picked-links' }, ...links.map(linkRow)),
  );
}

/** Counts, group checkboxes (all, some or none of the visible rows) and the Send button. */
function refresh() {
  for (const section of groupsElement.querySelectorAll('.picker-group')) {
    const shown = [...section.querySelectorAll('li.picked-link')].filter(visible);
    const checked = shown.filter((row) => boxOf(row).checked).length;
    section.hidden = shown.length === 0;
    const toggle = section.querySelector('.select-group');
    toggle.checked = shown.length > 0 && checked === shown.length;
    toggle.indeterminate = checked > 0 && checked < shown.length;
    section.querySelector('.group-count').textContent = plural('pickerGroupCount', shown.length);
  }
  const count = chosenUrls().length;
  sendButton.disabled = count === 0;
  sendButton.textContent = plural('pickerSend', count);
}

$('filter').addEventListener('input', (event) => {
  const words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const row of rows()) row.hidden = !words.every((word) => row.dataset.search.includes(word));
  refresh();
});

groupsElement.addEventListener('change', (event) => {
  if (event.target.classList.contains('select-group')) {
    // Only what the filter shows: a filtered "select all" must not send hidden links.
    const section = event.target.closest('.picker-group');
    for (const row of section.querySelectorAll('li.picked-link'))
      if (visible(row)) boxOf(row).checked = event.target.checked;
  }
  refresh();
});

sendButton.addEventListener('click', async () => {
  const urls = chosenUrls();
  sendButton.disabled = true;
  showStatus(sendStatus, t('popupSending'));
  try {
    const { message, kind } = sendOutcome(await sendUrls(urls, selectedFolder(folderSelect)));
    showStatus(sendStatus, message, kind);
    // What went out is unticked, so a second click cannot send it again.
    if (kind === 'ok') for (const row of rows()) boxOf(row).checked = false;
  } catch (error) {
    showStatus(sendStatus, errorText(error), 'error');
  } finally {
    refresh();
  }
});

async function load() {
  const id = new URLSearchParams(location.search).get('id');
  const key = pickerKey(id);
  const { [key]: page } = await ext.storage.session.get(key);
  if (!page) return showStatus($('load-status'), t('pickerGone'), 'error');
  $('page-title').textContent = page.title;
  Object.assign($('page-url'), { href: page.pageUrl, textContent: page.pageUrl });
  const links = sortPageLinks(page.links, await linkTools());
  groupsElement.replaceChildren(
    ...LINK_GROUPS.map((group) => [group, links.filter((link) => link.group === group)])
      .filter(([, members]) => members.length > 0)
      .map(([group, members]) => groupElement(group, members)),
  );
  showStatus($('load-status'), plural('pickerFound', links.length));
  refresh();
}

load();
