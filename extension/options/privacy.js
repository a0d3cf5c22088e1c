// The Privacy section: consent, how long totals are kept, category-only
// mode, excluded domains, a live view of everything stored, and deleting
// everything.
import { api, ask } from '../api.js';
import { t, tn } from '../i18n.js';
import { WEEKDAYS, clockMinutes, date, dateTime, duration, number, weekday } from '../format.js';
import { confirm } from './confirm.js';
import { logWords } from './datalog.js';
import { changeSettings, say } from './settings.js';
import { readSite, site } from './sites.js';
import { teamLines } from './team.js';

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
  name.textContent = site(host);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = '×';
  remove.setAttribute('aria-label', t('removeExcluded', site(host)));
  remove.addEventListener('click', () => save(
    (s) => { s.excluded = s.excluded.filter((h) => h !== host); },
    t('excludedRemoved', site(host)),
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
// Each stored key is one block, in words (dates as dates, categories by
// name, sites as a person writes them), with the value exactly as stored a
// click away.

const list = (items) => {
  const ul = document.createElement('ul');
  ul.append(...items.map((text) => {
    const li = document.createElement('li');
    li.append(text);
    return li;
  }));
  return ul;
};

/** "09:00-17:00" (the stored form) as the person's clock writes it. */
function span(range) {
  const minutes = (time) => time.split(':').reduce((h, m) => Number(h) * 60 + Number(m));
  const [from, to] = range.split('-');
  return `${clockMinutes(minutes(from))}–${clockMinutes(minutes(to))}`;
}

function settingsLines(d, names) {
  const { schedule = {} } = d;
  const lines = [d.consent ? t('storedConsent', dateTime(d.consent)) : t('storedNoConsent')];
  WEEKDAYS.forEach((day, i) => {
    const ranges = schedule.hours?.[day];
    if (ranges?.length) lines.push(t('storedHours', weekday(i), ranges.map(span).join(', ')));
  });
  for (const pause of schedule.breaks ?? []) {
    const name = pause.name || t('storedBreakUnnamed');
    lines.push(pause.days
      ? t('storedBreakOnDays', name, span(pause.time), pause.days.map((day) => weekday(WEEKDAYS.indexOf(day), 'short')).join(', '))
      : t('storedBreak', name, span(pause.time)));
  }
  if (schedule.days_off?.length) {
    lines.push(t('storedDaysOff', schedule.days_off.map((iso) => date(iso, { day: 'numeric', month: 'long', year: 'numeric' })).join(', ')));
  }
  if (d.idle_seconds !== undefined) lines.push(t('storedAway', duration(d.idle_seconds)));
  if (d.retention_days !== undefined) lines.push(t('storedRetention', tn('countDays', d.retention_days, number(d.retention_days))));
  lines.push(d.excluded?.length ? t('storedExcluded', d.excluded.map(site).join(', ')) : t('storedNoExcluded'));
  lines.push(d.category_only ? t('storedCategoryOnly') : t('storedSiteNames'));
  return lines;
}

function rulesLines(d, names) {
  const categories = d.categories ?? [];
  const rules = d.rules ?? [];
  return [
    t('storedCategories', categories.map((c) => c.name).join(', ')),
    t('storedRuleCount', tn('countRules', rules.length, number(rules.length))),
    ...rules.slice(0, 5).map((r) => t('storedRule', site(r.pattern), names.get(r.category) ?? r.category)),
    ...(rules.length > 5 ? [t('storedMoreRules', number(rules.length - 5))] : []),
  ];
}

function cursorLines(d, names) {
  const lines = [];
  if (d.focus) {
    const category = names.get(d.focus.category) ?? d.focus.category;
    lines.push(d.focus.domain ? t('storedInFront', site(d.focus.domain), category) : t('storedInFrontCategory', category));
  }
  if (d.last) lines.push(t('storedLastEvent', dateTime(d.last)));
  if (d.pause === 'indefinite') lines.push(t('titlePausedIndefinitely'));
  else if (d.pause?.until) lines.push(t('storedPausedUntil', dateTime(d.pause.until)));
  return lines.length > 0 ? lines : [t('storedCursorIdle')];
}

/** A stored day: each category's and (unless category-only) each site's time. */
function dayLines(day, names) {
  return Object.entries(day.categories ?? {}).map(([id, totals]) => {
    const item = document.createElement('span');
    item.dataset.category = id;
    item.textContent = `${names.get(id) ?? id}: ${duration(totals.ms / 1000)}`;
    const domains = Object.entries(totals.domains ?? {});
    if (domains.length > 0) item.append(list(domains.map(([domain, ms]) => `${site(domain)}: ${duration(ms / 1000)}`)));
    return item;
  });
}

let rawCount = 0;
/** One stored key: its name, what it holds in words, and a button showing it as stored. */
function storedBlock(key, value, title, lines, rawShown) {
  const details = document.createElement('details');
  details.dataset.key = key;
  const summary = document.createElement('summary');
  summary.textContent = title;
  const pre = document.createElement('pre');
  pre.id = `stored-raw-${rawCount += 1}`;
  pre.hidden = !rawShown;
  pre.className = 'raw';
  pre.textContent = JSON.stringify(value, null, 2);
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'raw-toggle';
  toggle.textContent = t(rawShown ? 'storedHideRaw' : 'storedShowRaw');
  toggle.setAttribute('aria-expanded', String(rawShown));
  toggle.setAttribute('aria-controls', pre.id);
  toggle.addEventListener('click', () => {
    pre.hidden = !pre.hidden;
    toggle.setAttribute('aria-expanded', String(!pre.hidden));
    toggle.textContent = t(pre.hidden ? 'storedShowRaw' : 'storedHideRaw');
  });
  details.append(summary, ...(lines.length > 0 ? [list(lines)] : []), toggle, pre);
  return details;
}

/** The team key: named, never shown, not even as stored. */
function secretBlock(key) {
  const details = document.createElement('details');
  details.dataset.key = key;
  const summary = document.createElement('summary');
  summary.textContent = storedName(key);
  details.append(summary, list([t('storedTeamKeyHidden')]));
  return details;
}

/** The data log: how many entries, and the newest (the list above shows them all). */
function logLines(d) {
  const newest = d.at(-1);
  if (newest === undefined) return [];
  return [t('storedLog', tn('countEntries', d.length, number(d.length)), dateTime(newest.at), logWords(newest.kind))];
}

function readable(key, value, names) {
  const d = value?.d ?? {};
  try {
    if (key === 'datalog') return logLines(d);
    if (key === 'settings') return settingsLines(d, names);
    if (key === 'rules') return rulesLines(d, names);
    if (key === 'cursor') return cursorLines(d, names);
  } catch {
    // A value of an unexpected shape: shown as stored only.
  }
  return [];
}

async function showStored() {
  const [stored, book] = await Promise.all([api.storage.local.get(null), ask('rules')]);
  const keys = Object.keys(stored).sort();
  const names = new Map([['uncategorized', t('uncategorized')], ...book.categories.map((c) => [c.id, c.name])]);
  const bytes = new TextEncoder().encode(JSON.stringify(stored)).length;
  const days = keys.filter((k) => k.startsWith('day:'));
  $('stored-summary').textContent = keys.length === 0
    ? t('storedNothing')
    : t('storedSummary', tn('countEntries', keys.length, number(keys.length)), tn('countDays', days.length, number(days.length)),
      tn('countBytes', bytes, number(bytes)));
  $('stored').dataset.keys = String(keys.length);
  const blocks = [];
  // Drawn again at every change of storage: what the person opened stays open.
  const open = new Set([...$('stored').querySelectorAll('details[open]')].map((d) => d.dataset.key));
  const raw = new Set([...$('stored').querySelectorAll('pre.raw:not([hidden])')].map((pre) => pre.closest('details').dataset.key));
  for (const key of keys.filter((k) => !k.startsWith('day:'))) {
    if (key === 'team:key') blocks.push(secretBlock(key));
    else if (key === 'team') blocks.push(storedBlock(key, stored[key], storedName(key), await teamLines(stored[key]), raw.has(key)));
    else blocks.push(storedBlock(key, stored[key], storedName(key), readable(key, stored[key], names), raw.has(key)));
  }
  for (const key of days.reverse()) {
    const day = stored[key]?.d ?? {};
    const title = t('storedDay', date(key.slice(4), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      duration((day.ms ?? 0) / 1000));
    blocks.push(storedBlock(key, stored[key], title, dayLines(day, names), raw.has(key)));
  }
  for (const block of blocks) block.open = open.has(block.dataset.key);
  $('stored').replaceChildren(...blocks);
}

// --- values set aside because they could not be read --------------------------

/** What a stored key holds, in words. */
function storedName(key) {
  if (key.startsWith('day:')) return t('setAsideDay', date(key.slice(4), { day: 'numeric', month: 'long', year: 'numeric' }));
  // Another browser's day, received through sync or a merge: peer:<device>:<date>.
  if (key.startsWith('peer:')) return t('storedPeerDay', date(key.slice(-10), { day: 'numeric', month: 'long', year: 'numeric' }));
  const labels = {
    settings: t('storedSettings'), rules: t('storedRules'), cursor: t('storedCursor'), datalog: t('storedDataLog'), index: t('storedIndex'), sync: t('storedSync'),
    team: t('storedTeam'), 'team:key': t('storedTeamKey'),
  };
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

let asidePending;
function showSetAsideSoon() {
  clearTimeout(asidePending);
  asidePending = setTimeout(() => showSetAside().catch(console.error), 300);
}

let pending;
function showStoredSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => showStored().catch(console.error), 300);
}

/** The choice to remove the synced data of every browser, not only this one's. */
function syncedChoice() {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = 'delete-synced';
  label.append(box, ' ', t('deleteAllSynced'));
  return label;
}

export function setupPrivacy(settings) {
  show(settings);
  document.addEventListener('fairtime:settings', (event) => showConsent(event.detail));
  $('withdraw').addEventListener('click', async () => {
    try {
      await ask('withdrawConsent');
      showConsent(await ask('settings'));
      // The button is gone: focus goes to the way to consent again.
      $('give').focus();
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
    save((s) => { s.retention_days = days; }, tn('retentionSaved', days, number(days)));
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
    let typed;
    try {
      typed = readSite($('exclude-input').value, 'exclusion');
    } catch (error) {
      $('privacy-status').textContent = '';
      $('privacy-error').textContent = t('notSaved', error.message);
      return;
    }
    const host = typed.site;
    if (await save((s) => { if (!s.excluded.includes(host)) s.excluded.push(host); }, t('excludedAdded', typed.display))) {
      $('exclude-input').value = '';
    }
  });
  $('delete-all').addEventListener('click', async () => {
    // This browser's synced copy goes too; every browser's, if the person ticks it.
    const synced = await ask('syncStored').catch(() => ({ own: 0, all: 0 }));
    const everywhere = synced.all > synced.own ? syncedChoice() : undefined;
    const text = synced.own > 0 ? `${t('confirmDeleteAll')} ${t('confirmDeleteAllSync')}` : t('confirmDeleteAll');
    if (!(await confirm(text, t('deleteAll'), everywhere))) return;
    try {
      await ask('syncRemove', { all: Boolean(everywhere?.querySelector('input').checked) });
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
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    showStoredSoon();
    // Reading every day (a report, the data log) may set more aside while the page is open.
    if (Object.keys(changes).some((key) => key.startsWith('damaged:'))) showSetAsideSoon();
  });
  showStored().catch(console.error);
  showSetAside().catch(console.error);
  return show;
}
