// The Privacy section: consent, how long totals are kept, category-only
// mode, excluded domains, a live view of everything stored, and deleting
// everything.
import { api, ask } from '../api.js';
import { t } from '../i18n.js';
import { date, dateTime, duration, number } from '../format.js';
import { confirm } from './confirm.js';
import { changeSettings, say } from './settings.js';

const $ = (id) => document.getElementById(id);

function showConsent(settings) {
  const given = settings.consent !== null && settings.consent !== undefined;
  $('consent-state').textContent = given ? t('consentGiven', dateTime(settings.consent)) : t('consentNotGiven');
  $('consent-state').dataset.consent = given ? 'given' : 'none';
  $('withdraw').hidden = !given;
  $('give').hidden = given;
}

function excludedChip(host) {
  const li = document.createElement('li');
  li.dataset.host = host;
  const name = document.createElement('span');
  name.textContent = host;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = '×';
  remove.setAttribute('aria-label', t('removeExcluded', host));
  remove.addEventListener('click', () => save(
    (s) => { s.excluded = s.excluded.filter((h) => h !== host); },
    t('excludedRemoved', host),
  ).then(() => $('exclude-input').focus()));
  li.append(name, remove);
  return li;
}

function show(settings) {
  showConsent(settings);
  $('retention-days').value = String(settings.retention_days);
  $('category-only').checked = settings.category_only;
  $('excluded').replaceChildren(...settings.excluded.map(excludedChip));
}

async function save(change, done) {
  $('privacy-error').textContent = '';
  try {
    show(await changeSettings(change));
    say($('privacy-status'), done);
    return true;
  } catch (error) {
    $('privacy-error').textContent = t('notSaved', error.message);
    return false;
  }
}

// --- everything stored, readable ----------------------------------------------

function definition(list, term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.append(value);
  list.append(dt, dd);
}

/** A stored day: its total, each category's and (unless category-only) each domain's time. */
function dayBlock(iso, day, names) {
  const list = document.createElement('ul');
  for (const [id, totals] of Object.entries(day.categories ?? {})) {
    const li = document.createElement('li');
    li.dataset.category = id;
    li.textContent = `${names.get(id) ?? id}: ${duration(totals.ms / 1000)}`;
    const domains = Object.entries(totals.domains ?? {});
    if (domains.length > 0) {
      const sub = document.createElement('ul');
      for (const [domain, ms] of domains) {
        const item = document.createElement('li');
        item.textContent = `${domain}: ${duration(ms / 1000)}`;
        sub.append(item);
      }
      li.append(sub);
    }
    list.append(li);
  }
  const details = document.createElement('details');
  details.dataset.key = `day:${iso}`;
  const summary = document.createElement('summary');
  summary.textContent = t('storedDay', date(iso, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    duration((day.ms ?? 0) / 1000));
  details.append(summary, list);
  return details;
}

/** Any other stored value: its name and its exact content. */
function rawBlock(key, value, label) {
  const details = document.createElement('details');
  details.dataset.key = key;
  const summary = document.createElement('summary');
  summary.textContent = label;
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(value, null, 2);
  details.append(summary, pre);
  return details;
}

async function showStored() {
  const stored = await api.storage.local.get(null);
  const keys = Object.keys(stored).sort();
  const names = new Map((stored.rules?.d?.categories ?? []).map((c) => [c.id, c.name]));
  const bytes = new TextEncoder().encode(JSON.stringify(stored)).length;
  const days = keys.filter((k) => k.startsWith('day:'));
  $('stored-summary').textContent = keys.length === 0
    ? t('storedNothing')
    : t('storedSummary', String(keys.length), String(days.length), number(bytes));
  $('stored').dataset.keys = String(keys.length);
  const blocks = [];
  const open = new Set([...$('stored').querySelectorAll('details[open]')].map((d) => d.dataset.key));
  for (const key of keys.filter((k) => !k.startsWith('day:'))) {
    blocks.push(rawBlock(key, stored[key], storedName(key)));
  }
  for (const key of days.reverse()) blocks.push(dayBlock(key.slice(4), stored[key].d ?? {}, names));
  for (const block of blocks) block.open = open.has(block.dataset.key);
  $('stored').replaceChildren(...blocks);
}

// --- values set aside because they could not be read --------------------------

/** What a stored key holds, in words. */
function storedName(key) {
  if (key.startsWith('day:')) return t('setAsideDay', date(key.slice(4), { day: 'numeric', month: 'long', year: 'numeric' }));
  const labels = { settings: t('storedSettings'), rules: t('storedRules'), cursor: t('storedCursor'), datalog: t('storedDataLog') };
  return labels[key] ?? key;
}

function setAsideItem(entry) {
  const what = storedName(entry.was);
  const li = document.createElement('li');
  li.dataset.key = entry.key;
  const title = document.createElement('strong');
  title.textContent = what;
  const when = document.createElement('span');
  when.className = 'muted';
  when.textContent = t('setAsideWhen', dateTime(entry.at));
  const why = document.createElement('p');
  why.className = 'reason';
  why.textContent = entry.reason ?? t('setAsideNoReason');
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'danger';
  remove.textContent = t('delete');
  remove.setAttribute('aria-label', t('setAsideDelete', what));
  remove.addEventListener('click', async () => {
    if (!(await confirm(t('confirmSetAsideDelete', what), t('delete')))) return;
    try {
      await ask('discardSetAside', { key: entry.key });
      await showSetAside();
    } catch (error) {
      $('privacy-error').textContent = error.message;
    }
  });
  li.append(title, ' ', when, why, remove);
  return li;
}

async function showSetAside() {
  const entries = await ask('setAside');
  $('set-aside').hidden = entries.length === 0;
  $('set-aside-list').replaceChildren(...entries.map(setAsideItem));
}

let pending;
function showStoredSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => showStored().catch(console.error), 300);
}

export function setupPrivacy(settings) {
  show(settings);
  document.addEventListener('fairtime:settings', (event) => showConsent(event.detail));
  $('withdraw').addEventListener('click', async () => {
    try {
      await ask('withdrawConsent');
      showConsent(await ask('settings'));
    } catch (error) {
      $('error').textContent = error.message;
    }
  });
  $('retention-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const days = Number($('retention-days').value);
    if (!Number.isInteger(days) || days < 1) {
      $('privacy-error').textContent = t('retentionInvalid');
      return;
    }
    save((s) => { s.retention_days = days; }, t('retentionSaved', String(days)));
  });
  $('category-only').addEventListener('change', async () => {
    const on = $('category-only').checked;
    // Turning it on erases the site names already stored, for good.
    if (on && !(await confirm(t('confirmCategoryOnly'), t('confirmCategoryOnlyOk')))) {
      $('category-only').checked = false;
      return;
    }
    save((s) => { s.category_only = on; }, on ? t('categoryOnlyOn') : t('categoryOnlyOff'));
  });
  $('exclude-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const host = $('exclude-input').value.trim().toLowerCase();
    if (!host) return;
    if (await save((s) => { if (!s.excluded.includes(host)) s.excluded.push(host); }, t('excludedAdded', host))) {
      $('exclude-input').value = '';
    }
  });
  $('delete-all').addEventListener('click', async () => {
    if (!(await confirm(t('confirmDeleteAll'), t('deleteAll')))) return;
    try {
      await ask('forgetEverything');
      const fresh = await ask('settings');
      show(fresh);
      say($('delete-status'), t('deletedAll'));
      await showSetAside();
      document.dispatchEvent(new CustomEvent('fairtime:refresh'));
    } catch (error) {
      $('privacy-error').textContent = error.message;
    }
  });
  api.storage.onChanged.addListener((_changes, area) => { if (area === 'local') showStoredSoon(); });
  showStored().catch(console.error);
  showSetAside().catch(console.error);
  return show;
}
