// The Team section: joining a team without anyone seeing one member's
// numbers (issue 14). Out of a team: make a join code (the key pair is made
// here, its secret stays in storage.local `team:key`), form a team from
// join codes, or read a team code and agree or decline. In a team: the
// roster, the category mapping, and the finished weeks, for each of which
// the person sees the plain numbers and confirms before the masked code is
// made (at most once per week: asked again, the same code). The team
// module (../team/core.js) checks, refuses and computes; this file draws.
import { api, ask } from '../api.js';
import { t } from '../i18n.js';
import { duration, localDates } from '../format.js';
import { write } from '../storage.js';
import { cell, swatched } from '../table.js';
import { copyCode, fileWord, random, shortWeek, teamCore, today, weekName } from '../team/core.js';
import { confirm } from './confirm.js';
import { download } from './data.js';
import { say } from './settings.js';

const $ = (id) => document.getElementById(id);

/** What is drawn: 'out', 'in' or 'damaged', and the stored values it was drawn from. */
let state = null;
let stored = {};
/** The team code read and not yet agreed to or declined. */
let offered = null;
/** The week whose plain numbers are shown, and the numbers, until confirmed. */
let pending = null;

function status(text) {
  $('team-error').textContent = '';
  say($('team-status'), text);
}

function fail(error) {
  $('team-status').textContent = '';
  $('team-error').textContent = localDates(error?.message ?? String(error));
}

function clearMessages() {
  $('team-status').textContent = '';
  $('team-error').textContent = '';
}

// Forming a team has its messages under its own form.
function formStatus(text) {
  $('team-form-error').textContent = '';
  say($('team-form-status'), text);
}

function formFail(error) {
  $('team-form-status').textContent = '';
  $('team-form-error').textContent = localDates(error?.message ?? String(error));
}

function head(...columns) {
  const thead = document.createElement('thead');
  const row = document.createElement('tr');
  for (const column of columns) {
    const th = cell('th', column);
    th.scope = 'col';
    row.append(th);
  }
  thead.append(row);
  return thead;
}

function body(rows) {
  const tbody = document.createElement('tbody');
  tbody.append(...rows);
  return tbody;
}

/** The roster: names and key fingerprints, the person's own line marked. */
function drawRoster(table, team) {
  const rows = team.members.map((member, i) => {
    const tr = cell('tr', '', { fingerprint: member.fingerprint });
    const name = cell('th', i === team.you ? t('teamYou', member.name) : member.name);
    name.scope = 'row';
    const print = cell('td', member.fingerprint);
    print.className = 'fingerprint';
    tr.append(name, print);
    if (i === team.you) tr.dataset.you = 'true';
    return tr;
  });
  table.replaceChildren(head(t('teamMemberColumn'), t('teamFingerprintColumn')), body(rows));
}

/** This person's categories, and the time no rule matched. */
async function memberCategories() {
  const book = await ask('rules');
  return [...book.categories.map(({ id, name }) => ({ id, name })), { id: 'uncategorized', name: t('uncategorized') }];
}

// --- joining -------------------------------------------------------------------

async function makeJoin(event) {
  event.preventDefault();
  clearMessages();
  try {
    const core = await teamCore();
    const { 'team:key': kept } = await api.storage.local.get('team:key');
    const secret = kept ?? core.newSecret(random(32));
    // Made (and refused) before a new key is stored: a refused name stores nothing.
    const code = core.joinCode(secret, $('team-name').value);
    if (kept === undefined) await write({ set: { 'team:key': secret }, remove: [] });
    const { fingerprint } = core.readJoin(code);
    $('team-join-code').value = code;
    $('team-fingerprint').textContent = t('teamFingerprint', fingerprint);
    $('team-fingerprint').dataset.fingerprint = fingerprint;
    $('team-join').hidden = false;
    $('team-key-note').hidden = true;
    status(t('teamJoinMade'));
    $('team-join-code').focus();
    $('team-join-code').select();
  } catch (error) {
    fail(error);
    $('team-name').focus();
  }
}

// --- forming a team -------------------------------------------------------------

function categoryRow(category) {
  const tr = cell('tr', '', { category: category.id });
  const colourCell = document.createElement('td');
  const colour = document.createElement('input');
  colour.type = 'color';
  colour.value = category.colour;
  colourCell.append(colour);
  const nameCell = document.createElement('td');
  const name = document.createElement('input');
  name.className = 'name';
  name.maxLength = 40;
  name.value = category.name;
  name.autocomplete = 'off';
  const label = () => t('teamFormCategoryName', name.value.trim() || t('teamFormNewCategory'));
  name.setAttribute('aria-label', label());
  colour.setAttribute('aria-label', t('teamFormCategoryColour', name.value.trim() || t('teamFormNewCategory')));
  name.addEventListener('change', () => {
    name.setAttribute('aria-label', label());
    colour.setAttribute('aria-label', t('teamFormCategoryColour', name.value.trim() || t('teamFormNewCategory')));
  });
  nameCell.append(name);
  const actions = document.createElement('td');
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'remove';
  remove.textContent = t('remove');
  remove.setAttribute('aria-label', t('teamFormRemoveCategory', category.name || t('teamFormNewCategory')));
  remove.addEventListener('click', () => {
    const next = tr.nextElementSibling ?? tr.previousElementSibling;
    tr.remove();
    formStatus(t('teamFormCategoryRemoved', name.value.trim() || t('teamFormNewCategory')));
    (next?.querySelector('input.name') ?? $('team-form-add-category')).focus();
  });
  actions.append(remove);
  tr.append(colourCell, nameCell, actions);
  return tr;
}

/** The id of a category added here: a slug of its name, unique in the form. */
function newId(core, name, taken) {
  const base = core.slug(name) || 'category';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

function formCategories(core) {
  const taken = new Set();
  const categories = [];
  for (const tr of $('team-form-categories').querySelectorAll('tr')) {
    const name = tr.querySelector('input.name').value.trim();
    const id = tr.dataset.category || newId(core, name, taken);
    taken.add(id);
    categories.push({ id, name, colour: tr.querySelector('input[type=color]').value });
  }
  return categories;
}

async function setupForm(core) {
  const weeks = core.recentWeeks(today(), 12).map((w) => w.week);
  $('team-form-week').replaceChildren(...weeks.map((week) => {
    const option = document.createElement('option');
    option.value = week;
    option.textContent = weekName(week, { title: true });
    return option;
  }));
  $('team-form-categories').replaceChildren(...core.defaultCategories().map(categoryRow));
  $('team-form-add-category').addEventListener('click', () => {
    const row = categoryRow({ id: '', name: '', colour: '#7c3aed' });
    $('team-form-categories').append(row);
    row.querySelector('input.name').focus();
  });
  $('team-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('team-form-status').textContent = '';
    $('team-form-error').textContent = '';
    try {
      const code = core.formTeam({
        name: $('team-form-name').value,
        first_week: $('team-form-week').value,
        categories: formCategories(core),
        joins: core.splitCodes($('team-form-joins').value),
        nonce: random(16),
      });
      $('team-code-out').value = code;
      $('team-code').hidden = false;
      formStatus(t('teamFormed', core.readTeam(code).name));
      $('team-code-out').focus();
      $('team-code-out').select();
    } catch (error) {
      $('team-code').hidden = true;
      formFail(error);
    }
  });
  $('team-copy-code').addEventListener('click', async () => formStatus(await copyCode($('team-code-out'))));
  $('team-save-code').addEventListener('click', () => {
    const code = $('team-code-out').value;
    const filename = `fairtime-team-${fileWord(core.readTeam(code).name)}.txt`;
    download({ filename, text: `${code}\n` }, 'text/plain');
    formStatus(t('teamSaved', filename));
  });
}

// --- reading a team code: agree or decline ---------------------------------------

function mappingSelect(member, team, chosen) {
  const select = document.createElement('select');
  select.dataset.category = member.id;
  select.setAttribute('aria-label', t('teamMappingSelect', member.name));
  select.append(...team.categories.map((category) => {
    const option = document.createElement('option');
    option.value = category.id;
    option.textContent = category.name;
    return option;
  }));
  select.value = chosen ?? 'other';
  return select;
}

async function readOffer(core, event) {
  event.preventDefault();
  clearMessages();
  $('team-offer').hidden = true;
  offered = null;
  try {
    const text = $('team-paste').value;
    const { 'team:key': secret } = await api.storage.local.get('team:key');
    const team = core.readTeam(text, secret);
    const categories = await memberCategories();
    const mapping = core.defaultMapping(text, categories);
    offered = { text, team };
    $('team-offer-name').textContent = t('teamOfferName', team.name);
    $('team-offer-week').textContent = t('teamFromWeek', weekName(team.first_week));
    drawRoster($('team-offer-roster'), team);
    const rows = categories.map((member) => {
      const tr = cell('tr', '', { category: member.id });
      const name = cell('th', member.name);
      name.scope = 'row';
      const to = document.createElement('td');
      to.append(mappingSelect(member, team, mapping[member.id]));
      tr.append(name, to);
      return tr;
    });
    $('team-offer-mapping').replaceChildren(head(t('teamYourCategory'), t('teamTeamCategory')), body(rows));
    const onRoster = team.you !== null && team.you !== undefined;
    $('team-agree').disabled = !onRoster;
    $('team-offer').hidden = false;
    if (onRoster) {
      status(t('teamOfferRead', team.name));
    } else {
      $('team-error').textContent = t(secret === undefined ? 'teamNoKey' : 'teamNotOnRoster');
    }
    $('team-offer-name').tabIndex = -1;
    $('team-offer-name').focus();
  } catch (error) {
    fail(error);
    $('team-paste').focus();
  }
}

async function agree(core) {
  if (offered === null) return;
  clearMessages();
  try {
    const mapping = {};
    for (const select of $('team-offer-mapping').querySelectorAll('select')) mapping[select.dataset.category] = select.value;
    const value = core.newState(offered.text, mapping);
    const { name } = offered.team;
    offered = null;
    await write({ set: { team: value }, remove: [] });
    $('team-paste').value = '';
    $('team-offer').hidden = true;
    await draw();
    status(t('teamJoined', name));
    $('team-in-name').focus();
  } catch (error) {
    fail(error);
  }
}

function decline() {
  const name = offered?.team.name ?? '';
  offered = null;
  $('team-offer').hidden = true;
  $('team-paste').value = '';
  status(t('teamDeclined', name));
  $('team-paste').focus();
}

// --- in a team: the weeks and their codes ----------------------------------------

function weekItem(week, checked) {
  const li = cell('li', '', { week: week.week, given: week.given, first: week.first, last: week.last });
  const label = document.createElement('label');
  const radio = document.createElement('input');
  radio.type = 'radio';
  radio.name = 'team-week';
  radio.value = week.week;
  radio.checked = checked;
  radio.addEventListener('change', showMakeLabel);
  const given = week.given ? ` — ${t('teamWeekGiven')}` : '';
  label.append(radio, ' ', `${weekName(week.week, { title: true })}${given}`);
  li.append(label);
  return li;
}

function checkedWeek() {
  const radio = $('team-weeks').querySelector('input[name="team-week"]:checked');
  return radio ? radio.closest('li').dataset : null;
}

function showMakeLabel() {
  const week = checkedWeek();
  $('team-make-code').textContent = t(week?.given === 'true' ? 'teamShowCode' : 'teamMakeCode');
  $('team-make-code').disabled = week === null;
}

async function drawWeeks(core, chosen) {
  const settings = await ask('settings');
  const weeks = core.weeks(stored.team, stored.key, today(), settings.retention_days);
  const pick = chosen && weeks.some((w) => w.week === chosen)
    ? chosen
    : (weeks.find((w) => !w.given) ?? weeks[0])?.week;
  $('team-weeks').replaceChildren(...weeks.map((week) => weekItem(week, week.week === pick)));
  $('team-weeks-empty').hidden = weeks.length > 0;
  showMakeLabel();
}

function hideContribution() {
  pending = null;
  $('team-contribution').hidden = true;
  $('team-contribution-out').hidden = true;
  $('team-again').hidden = true;
}

function showCode(week, code, again) {
  $('team-plain-box').hidden = true;
  $('team-again').hidden = !again;
  $('team-contribution-code').value = code;
  $('team-contribution-out').hidden = false;
  $('team-contribution').dataset.week = week;
  $('team-contribution').hidden = false;
}

/** What is stored now: another tab may have made a code since this one drew. */
async function reread() {
  const got = await api.storage.local.get(['team', 'team:key']);
  stored = { team: got.team, key: got['team:key'] };
}

async function makeCode(core) {
  const week = checkedWeek();
  if (week === null) return;
  clearMessages();
  await reread();
  hideContribution();
  $('team-contribution-heading').textContent = weekName(week.week, { title: true });
  try {
    if (week.given === 'true') {
      const { code } = core.contribute(stored.team, stored.key, week.week, []);
      showCode(week.week, code, true);
      status(t('teamCodeAgain', weekName(week.week)));
      $('team-contribution-code').focus();
      return;
    }
    const view = await ask('range', { first: week.first, last: week.last });
    const categories = view.categories.map(({ id, seconds }) => ({ id, seconds }));
    const plain = core.plain(stored.team, week.week, categories);
    pending = { week: week.week, categories };
    const rows = plain.map((category) => {
      const tr = cell('tr', '', { category: category.id, minutes: category.minutes });
      const name = swatched(category);
      tr.append(name, cell('td', duration(category.minutes * 60)));
      return tr;
    });
    const total = plain.reduce((sum, c) => sum + c.minutes, 0);
    const foot = document.createElement('tfoot');
    const sum = cell('tr', '', { minutes: total });
    const th = cell('th', t('totalColumn'));
    th.scope = 'row';
    sum.append(th, cell('td', duration(total * 60)));
    foot.append(sum);
    const caption = cell('caption', t('teamPlainCaption', weekName(week.week)));
    caption.className = 'visually-hidden';
    $('team-plain').replaceChildren(caption, head(t('teamTeamCategory'), t('teamMinutesColumn')), body(rows), foot);
    $('team-plain-box').hidden = false;
    $('team-contribution').dataset.week = week.week;
    $('team-contribution').hidden = false;
    $('team-confirm').focus();
  } catch (error) {
    fail(error);
  }
}

async function confirmCode(core) {
  if (pending === null) return;
  clearMessages();
  const { week, categories } = pending;
  try {
    await reread();
    const answer = core.contribute(stored.team, stored.key, week, categories);
    if (!answer.again) await write({ set: { team: answer.value }, remove: [] });
    stored.team = answer.value;
    pending = null;
    showCode(week, answer.code, answer.again);
    await drawWeeks(core, week);
    status(t('teamCodeMade', weekName(week)));
    $('team-contribution-code').focus();
    $('team-contribution-code').select();
  } catch (error) {
    fail(error);
  }
}

async function leave() {
  clearMessages();
  const name = state === 'in' ? $('team-in-name').dataset.name : '';
  const text = name ? t('teamLeaveConfirm', name) : t('teamLeaveConfirmDamaged');
  if (!(await confirm(text, t('teamLeave')))) return;
  try {
    await api.storage.local.remove(['team', 'team:key']);
    hideContribution();
    await draw();
    status(t('teamLeft'));
    $('team-name').focus();
  } catch (error) {
    fail(error);
  }
}

// --- drawing ---------------------------------------------------------------------

function show(next) {
  state = next;
  $('team').dataset.state = next;
  $('team-out').hidden = next !== 'out';
  $('team-in').hidden = next !== 'in';
  $('team-damaged').hidden = next !== 'damaged';
  $('team-leave-box').hidden = next === 'out';
}

async function drawIn(core) {
  const { mapping } = core.readState(stored.team);
  if (stored.key === undefined) throw new Error(t('teamKeyMissing'));
  // Read with the key, so that the person's own line is known.
  const team = core.readTeam(stored.team.code, stored.key);
  $('team-in-name').textContent = t('teamInName', team.name);
  $('team-in-name').dataset.name = team.name;
  $('team-in-name').tabIndex = -1;
  $('team-in-week').textContent = t('teamFromWeek', weekName(team.first_week));
  drawRoster($('team-roster'), team);
  const names = new Map(team.categories.map((c) => [c.id, c]));
  const members = await memberCategories();
  const known = new Map(members.map((c) => [c.id, c.name]));
  // In the order of the person's categories; any the person no longer has, after them.
  const order = [...members.map((c) => c.id).filter((id) => id in mapping), ...Object.keys(mapping).filter((id) => !known.has(id))];
  const rows = order.map((id) => {
    const to = mapping[id];
    const tr = cell('tr', '', { category: id, teamCategory: to });
    const name = cell('th', known.get(id) ?? id);
    name.scope = 'row';
    const target = names.get(to);
    tr.append(name, target ? swatched(target, 'td') : cell('td', to));
    return tr;
  });
  $('team-mapping').replaceChildren(head(t('teamYourCategory'), t('teamTeamCategory')), body(rows));
  await drawWeeks(core);
}

async function draw() {
  const core = await teamCore();
  await reread();
  if (stored.team === undefined) {
    // A key made before: the same name gives the same join code again.
    $('team-key-note').hidden = stored.key === undefined || !$('team-join').hidden;
    show('out');
    return;
  }
  try {
    await drawIn(core);
    show('in');
  } catch (error) {
    // A stored membership that cannot be read: said why, and leaving offered.
    hideContribution();
    $('team-damaged').textContent = t('teamDamaged', localDates(error.message));
    show('damaged');
  }
}

let drawing;
function drawSoon() {
  clearTimeout(drawing);
  drawing = setTimeout(() => draw().catch(fail), 300);
}

export async function setupTeam() {
  const core = await teamCore();
  $('team-join-form').addEventListener('submit', makeJoin);
  $('team-copy-join').addEventListener('click', async () => status(await copyCode($('team-join-code'))));
  await setupForm(core);
  $('team-paste-form').addEventListener('submit', (event) => readOffer(core, event));
  $('team-agree').addEventListener('click', () => agree(core));
  $('team-decline').addEventListener('click', decline);
  $('team-make-code').addEventListener('click', () => makeCode(core));
  $('team-confirm').addEventListener('click', () => confirmCode(core));
  $('team-cancel').addEventListener('click', () => {
    hideContribution();
    status(t('teamCodeCancelled'));
    $('team-make-code').focus();
  });
  $('team-copy-contribution').addEventListener('click', async () => status(await copyCode($('team-contribution-code'))));
  $('team-save-contribution').addEventListener('click', () => {
    const week = $('team-contribution').dataset.week;
    const filename = `fairtime-team-${fileWord($('team-in-name').dataset.name)}-${week}.txt`;
    download({ filename, text: `${$('team-contribution-code').value}\n` }, 'text/plain');
    status(t('teamSaved', filename));
  });
  $('team-leave').addEventListener('click', leave);
  // Joined or left in another tab, or everything deleted: drawn again when
  // what is stored no longer matches what is shown.
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !('team' in changes || 'team:key' in changes)) return;
    const now = (key, was) => (key in changes ? changes[key].newValue !== undefined : was !== undefined);
    const team = now('team', stored.team);
    const key = now('team:key', stored.key);
    if (state === 'damaged' || team !== (state !== 'out') || key !== (stored.key !== undefined)) {
      drawSoon();
    } else if (state === 'in' && 'team' in changes) {
      // A code made in another tab: the weeks say so (what is open stays open).
      stored.team = changes.team.newValue;
      drawWeeks(core, checkedWeek()?.week).catch(fail);
    }
  });
  document.addEventListener('fairtime:refresh', drawSoon);
  await draw();
}

/** The stored membership in words, for the live view of storage. */
export async function teamLines(value) {
  try {
    const core = await teamCore();
    const { team, given } = core.readState(value);
    const weeks = Object.keys(given ?? {}).sort();
    return [
      t('storedTeamName', team.name, String(team.members.length)),
      weeks.length > 0 ? t('storedTeamGiven', weeks.map(shortWeek).join(', ')) : t('storedTeamNoneGiven'),
    ];
  } catch {
    // Unreadable: shown as stored only (the Team section says why).
    return [];
  }
}
