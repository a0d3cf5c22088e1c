// The pause shortcut as the browser reports it (the person may have changed
// or removed it, and a browser leaves a suggested key unset when it is one of
// its own), and the way to the browser's page for setting shortcuts.
import { api } from './api.js';
import { t } from './i18n.js';

/** Firefox has runtime.getBrowserInfo; Chromium does not. */
const firefox = typeof api.runtime.getBrowserInfo === 'function';

// Extension pages cannot link to chrome:// pages, but tabs.create may open them.
const CHROMIUM_SHORTCUTS = 'chrome://extensions/shortcuts';

/** The keys of the pause toggle, e.g. "Alt+Shift+O"; empty when none is set. */
export async function pauseShortcut() {
  const commands = await api.commands.getAll();
  return commands.find((command) => command.name === 'pause-toggle')?.shortcut ?? '';
}

/** Fills `element` with the shortcut in words and the way to change it. */
export async function showShortcut(element) {
  const keys = await pauseShortcut();
  const sentence = document.createElement('span');
  sentence.textContent = keys ? t('shortcutIs', keys) : t('shortcutNone');
  const parts = [sentence];
  if (!firefox) {
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'shortcut-page';
    open.textContent = keys ? t('shortcutChange') : t('shortcutSet');
    open.addEventListener('click', () => api.tabs.create({ url: CHROMIUM_SHORTCUTS }));
    parts.push(' ', open);
  } else if (!keys) {
    parts.push(' ', t('shortcutFirefox'));
  }
  element.replaceChildren(...parts);
  element.dataset.shortcut = keys;
}
