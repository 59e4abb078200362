// User-facing strings come from _locales/<lang>/messages.json (English and French).
import { ext } from './browser.js';

/** The translated string `key`; `substitutions` fill $1…$9. A missing key shows as itself. */
export function t(key, substitutions) {
  const list = substitutions === undefined ? undefined : [].concat(substitutions).map(String);
  return ext.i18n.getMessage(key, list) || key;
}

/** Fills the page's data-i18n (text), data-i18n-placeholder, -title and -aria-label attributes. */
export function localisePage(root = document) {
  document.documentElement.lang = ext.i18n.getUILanguage();
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const [attribute, data] of [
    ['placeholder', 'i18nPlaceholder'],
    ['title', 'i18nTitle'],
    ['aria-label', 'i18nAriaLabel'],
  ]) {
    const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const element of root.querySelectorAll(selector)) element.setAttribute(attribute, t(element.dataset[data]));
  }
}

/**
 * "1 link" / "3 links": `key` names a message with singular and plural forms (`key_one`,
 * `key_other`), chosen by the UI language's own rules: French says "0 lien", English "0 links".
 */
export function plural(key, count) {
  // The rules of the language the messages are in (English for a UI language not translated).
  const form = new Intl.PluralRules(t('messagesLocale')).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}_${form}`, count);
}

/** How a destination folder is named to the user: "My files" for the root. */
export function folderLabel(folder) {
  return folder.id === 0 ? t('folderRoot') : folder.name || `#${folder.id}`;
}
