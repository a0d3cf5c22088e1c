// Fills a page's text from _locales: an element with data-i18n="key" gets the
// message as its text; data-i18n-attr="attr:key,attr:key" sets attributes.
import { api } from './api.js';
import { locale } from './format.js';

export const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;

const plurals = new Intl.PluralRules(locale);

/** The message for `count` things: `${key}One` for one (in the language's sense), else `key`. */
export const tn = (key, count, ...substitutions) =>
  t(plurals.select(count) === 'one' ? `${key}One` : key, ...substitutions);

export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(',')) {
      const [attribute, key] = pair.split(':');
      element.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
  if (locale) document.documentElement.lang = locale;
}
