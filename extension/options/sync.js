// The Sync section: off until the person turns it on, and then only after a
// preview of what goes where (the core's syncPreview); the browsers that
// contributed, this browser's name, its own hours, the bytes in use and any
// error the browser's sync gave, in words. The service worker (../sync.js)
// does the writing; this page only asks it.
import { api, ask } from '../api.js';
import { defaultDeviceName } from '../device.js';
import { t, tn } from '../i18n.js';
import { clock, dateTime, number, sameDay } from '../format.js';
import { say } from './settings.js';

const $ = (id) => document.getElementById(id);

let view = null;
let categoryOnly = false;
let defaultName = '';

/** The name the person gave this browser, or '' while it has the default. */
function givenName() {
  const name = view?.device?.name ?? '';
  return name === defaultName ? '' : name;
}

function prefs(change = {}) {
  return {
    on: view.on,
    domains: view.domains,
    ownHours: view.ownHours,
    name: givenName(),
    ...change,
  };
}

const bytes = (count) => tn('countBytes', count, number(count));

/** "today 14:05" or a date and time: when a browser last wrote, or when sync retries. */
function when(at) {
  return sameDay(at, Date.now()) ? t('syncToday', clock(at)) : dateTime(at);
}

function deviceRow(device) {
  const row = document.createElement('tr');
  row.dataset.device = device.id;
  if (device.thisDevice) row.dataset.thisDevice = 'true';
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = device.thisDevice ? t('syncThisDevice', device.name) : device.name;
  const wrote = document.createElement('td');
  wrote.textContent = device.lastWrote ? when(device.lastWrote) : t('syncNotYet');
  row.append(name, wrote);
  return row;
}

function showDomainsChoice() {
  const box = $('sync-domains');
  box.disabled = categoryOnly;
  if (categoryOnly) box.checked = false;
  $('sync-domains-help').textContent = t(categoryOnly ? 'syncDomainsCategoryOnly' : 'syncDomainsHelp');
}

function show(fresh) {
  view = fresh;
  $('sync-on').checked = view.on;
  if (!$('sync-preview').hidden) $('sync-on').checked = false;
  // While sync is off, the box keeps what the person ticked for turning it on.
  if (view.on && $('sync-preview').hidden) $('sync-domains').checked = view.domains;
  showDomainsChoice();
  $('sync-state').textContent = t(view.on ? 'syncStateOn' : 'syncStateOff');
  $('sync-details').hidden = !view.on;
  const name = $('sync-name');
  name.placeholder = defaultName;
  if (document.activeElement !== name) name.value = givenName();
  $('sync-own-hours').checked = view.ownHours;
  $('sync-devices').querySelector('tbody').replaceChildren(...view.devices.map(deviceRow));
  $('sync-usage').textContent = t('syncUsage', bytes(view.bytesInUse), bytes(view.quotaBytes));
  $('sync-usage').dataset.bytes = String(view.bytesInUse);
  const { error } = view;
  // The core's sentence says what happened and when Fairtime tries again.
  $('sync-error').textContent = error?.message ?? '';
}

async function refresh() {
  show(await ask('syncView'));
}

function fail(error) {
  $('sync-status').textContent = '';
  $('sync-error').textContent = error.message;
}

/** Asks the worker to change sync, and shows the answer. */
async function change(next, done) {
  try {
    show(await ask('setSync', { prefs: prefs(next) }));
    if (done) say($('sync-status'), done);
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

function line(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

/** What turning sync on would write, where, and about how many bytes. */
async function showPreview() {
  const domains = $('sync-domains').checked && !categoryOnly;
  const preview = await ask('syncPreview', { domains });
  $('sync-preview-list').replaceChildren(...preview.sentences.map(line));
  $('sync-preview').dataset.bytes = String(preview.bytes);
  $('sync-preview').hidden = false;
}

function hidePreview() {
  $('sync-preview').hidden = true;
  $('sync-preview-list').replaceChildren();
}

let pending;
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => refresh().catch(console.error), 300);
}

export async function setupSync(settings) {
  categoryOnly = Boolean(settings.category_only);
  defaultName = await defaultDeviceName();
  $('sync-on').addEventListener('change', async () => {
    $('sync-error').textContent = '';
    if ($('sync-on').checked) {
      // Nothing is written before the person confirms what the preview says.
      $('sync-on').checked = false;
      $('sync-offer').hidden = true;
      try {
        await showPreview();
        $('sync-confirm').focus();
      } catch (error) {
        fail(error);
      }
      return;
    }
    if (await change({ on: false }, t('syncTurnedOff'))) {
      const stored = await ask('syncStored').catch(() => ({ own: 0 }));
      $('sync-offer').hidden = stored.own === 0;
    }
  });
  $('sync-domains').addEventListener('change', async () => {
    const domains = $('sync-domains').checked;
    if (!$('sync-preview').hidden) {
      await showPreview().catch(fail);
    } else if (view.on) {
      await change({ domains }, t(domains ? 'syncDomainsOn' : 'syncDomainsOff'));
    }
  });
  $('sync-confirm').addEventListener('click', async () => {
    const domains = $('sync-domains').checked && !categoryOnly;
    hidePreview();
    if (await change({ on: true, domains }, t('syncTurnedOn'))) $('sync-on').focus();
  });
  $('sync-cancel').addEventListener('click', () => {
    hidePreview();
    $('sync-domains').checked = view.domains;
    $('sync-on').focus();
  });
  $('sync-remove').addEventListener('click', async () => {
    try {
      const { view: fresh } = await ask('syncRemove', { all: false });
      show(fresh);
      $('sync-offer').hidden = true;
      say($('sync-status'), t('syncRemovedOwn'));
      $('sync-on').focus();
    } catch (error) {
      fail(error);
    }
  });
  $('sync-name-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('sync-name').value.trim();
    change({ name }, t('syncNamed', name || defaultName));
  });
  $('sync-own-hours').addEventListener('change', () => {
    const ownHours = $('sync-own-hours').checked;
    change({ ownHours }, t(ownHours ? 'syncOwnHoursOn' : 'syncOwnHoursOff'));
  });
  document.addEventListener('fairtime:settings', (event) => {
    categoryOnly = Boolean(event.detail.category_only);
    showDomainsChoice();
  });
  // Another browser's write, this browser's own, an error: drawn again.
  api.storage.onChanged.addListener((_changes, area) => { if (area === 'local' || area === 'sync') refreshSoon(); });
  await refresh();
  return refresh;
}
