// Filing a site from the popup in one step: "Move to category…" (the same
// rule the options page's rule editor would write; the core re-files the
// site's earlier time) and "Never count this site" (the options page's
// exclusion). One modal dialog serves the site in front and every top site;
// it lives outside the lists, so the popup's refresh does not close it.
import { ask } from '../api.js';
import { t } from '../i18n.js';
import { changeSettings } from '../options/settings.js';

const UNCATEGORIZED = 'uncategorized';

let refresh = async () => {};
let dialog;
/** The site the dialog is for: `{ domain, category, scope }`, `scope` the
 * id of the part of the popup its opener is in. */
let site;
/** The site in front, as last drawn. */
let front;

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** A live region under the state, for what was just done. */
function announce(text, error = false) {
  const status = document.getElementById('filing-status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

function build() {
  const select = element('select', { id: 'filing-category' });
  const move = element('button', { type: 'submit', className: 'primary', textContent: t('filingMoveButton') });
  const never = element('button', { type: 'button', id: 'filing-never', className: 'danger', textContent: t('filingNever') });
  const cancel = element('button', { type: 'button', textContent: t('cancel') });
  const form = element('form', { method: 'dialog' },
    element('h2', { id: 'filing-heading' }),
    element('p', { className: 'field' }, element('label', { htmlFor: 'filing-category', textContent: t('filingCategory') }), select),
    element('p', { id: 'filing-move-help', className: 'muted' }, t('filingMoveHelp')),
    element('p', { className: 'buttons' }, move, cancel),
    element('p', { id: 'filing-never-help', className: 'muted' }),
    element('p', { className: 'buttons' }, never),
    element('p', { id: 'filing-error', className: 'error', role: 'alert' }));
  select.setAttribute('aria-describedby', 'filing-move-help');
  never.setAttribute('aria-describedby', 'filing-never-help');
  dialog = element('dialog', { id: 'filing' }, form);
  dialog.setAttribute('aria-labelledby', 'filing-heading');
  form.addEventListener('submit', (event) => { event.preventDefault(); moveSite(select.value); });
  never.addEventListener('click', () => neverCount());
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', restoreFocus);
  document.body.append(dialog);
}

/** Focus back on the button for `domain` in `scope` (redrawn or not), or the nearest one left. */
export function focusFiling(domain, scope) {
  // Only buttons a person can see: a site no longer counted leaves its part hidden.
  const shown = (selector) => [...document.querySelectorAll(selector)].filter((b) => b.checkVisibility());
  const buttons = shown(`#${scope} [data-filing]`);
  const button = buttons.find((b) => b.dataset.filing === domain) ?? buttons[0]
    ?? shown('[data-filing]')[0] ?? document.getElementById('open-options');
  button?.focus();
}

function restoreFocus() {
  if (site) focusFiling(site.domain, site.scope);
}

async function open(domain, shown, category, scope, focusNever = false) {
  site = { domain, shown, category, scope };
  announce('');
  if (!dialog) build();
  document.getElementById('filing-heading').textContent = shown;
  document.getElementById('filing-never-help').textContent = t('filingNeverHelp', shown);
  document.getElementById('filing-error').textContent = '';
  const select = document.getElementById('filing-category');
  select.replaceChildren();
  dialog.showModal();
  (focusNever ? document.getElementById('filing-never') : select).focus();
  try {
    const book = await ask('rules');
    const choices = [...book.categories, { id: UNCATEGORIZED, name: t('uncategorized') }];
    select.replaceChildren(...choices.map((c) => element('option', { value: c.id, textContent: c.name, selected: c.id === category })));
  } catch (error) {
    document.getElementById('filing-error').textContent = error.message;
  }
}

async function moveSite(category) {
  const { domain } = site;
  // Already there: no rule to write.
  if (category === site.category) {
    dialog.close();
    return;
  }
  try {
    const book = await ask('editRules', { edit: { op: 'file_site', domain, category } });
    dialog.close();
    const name = book.categories.find((c) => c.id === category)?.name ?? t('uncategorized');
    announce(t('filingMoved', site.shown, name));
    await refresh();
    restoreFocus();
  } catch (error) {
    document.getElementById('filing-error').textContent = t('notSaved', error.message);
  }
}

async function neverCount() {
  const { domain } = site;
  try {
    await changeSettings((s) => { if (!s.excluded.includes(domain)) s.excluded.push(domain); });
    dialog.close();
    announce(t('filingNeverDone', site.shown));
    await refresh();
    restoreFocus();
  } catch (error) {
    document.getElementById('filing-error').textContent = t('notSaved', error.message);
  }
}

/** The button a top site's row ends with. */
export function filingButton(domain, category, shown = domain) {
  const button = element('button', { type: 'button', className: 'filing', textContent: '⋯' });
  button.dataset.filing = domain;
  button.title = t('filingActions', shown);
  button.setAttribute('aria-label', t('filingActions', shown));
  button.setAttribute('aria-haspopup', 'dialog');
  button.addEventListener('click', () => open(domain, shown, category, 'domain-list'));
  return button;
}

/** The site in front, with both actions, while it is being counted. Drawn
 * once and then updated, so a focused button stays focused. */
export function showFront(status) {
  const row = document.getElementById('front-site');
  const domain = status.state === 'tracking' ? status.domain : undefined;
  row.hidden = !domain;
  if (!domain) return;
  front = { domain, shown: status.display || domain, category: status.category.id };
  row.dataset.domain = domain;
  if (!row.firstChild) {
    const move = element('button', { type: 'button', textContent: t('filingMove') });
    move.setAttribute('aria-haspopup', 'dialog');
    move.addEventListener('click', () => open(front.domain, front.shown, front.category, 'front-site'));
    const never = element('button', { type: 'button', className: 'danger', textContent: t('filingNever') });
    never.setAttribute('aria-haspopup', 'dialog');
    never.addEventListener('click', () => open(front.domain, front.shown, front.category, 'front-site', true));
    row.append(element('span', { className: 'name' }), element('span', { className: 'buttons' }, move, never));
  }
  row.querySelector('.name').textContent = t('filingFront', front.shown);
  for (const button of row.querySelectorAll('button')) button.dataset.filing = domain;
}

/** `redraw` draws the popup again from the worker's answer. */
export function setupFiling(redraw) {
  refresh = redraw;
}
