// The toolbar popup: today's split by category, worked time against the
// schedule, the top domains, the tracker's state and the pause control.
// Everything comes from the worker in one answer (`popup`) and is drawn once.
import { ask, valueOf } from '../api.js';
import { badgeFor } from '../badge.js';
import { describe, ring } from '../chart.js';
import { date, duration, percent, percentages, useDurationStyle } from '../format.js';
import { t, translate } from '../i18n.js';
import { showShortcut } from '../shortcut.js';
import { readSnapshot, viewAt } from '../snapshot.js';
import { filingButton, focusFiling, setupFiling, showFront } from './filing.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 10_000;
// Room is short: every duration in the popup is narrow ("1h 5m").
useDurationStyle('narrow');

function showStatus(status) {
  $('state').textContent = badgeFor(status).title;
  $('state').dataset.state = status.state;
  $('consent-needed').hidden = status.state !== 'no_consent';
  $('pause').hidden = status.state === 'no_consent';
  $('resume').hidden = status.state !== 'paused';
}

function legendRow(category, share) {
  const li = document.createElement('li');
  li.dataset.category = category.id;
  li.dataset.seconds = String(category.seconds);
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.setProperty('--swatch', category.colour);
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = category.name;
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = duration(category.seconds);
  const part = document.createElement('span');
  part.className = 'share';
  part.textContent = percent(share);
  li.append(swatch, name, time, part);
  return li;
}

function showToday(today) {
  const total = today.tracked_seconds;
  $('today-heading').textContent = t('todayHeading', date(today.date));
  const categories = today.categories.filter((c) => c.seconds > 0);
  const shares = percentages(categories.map((c) => c.seconds));
  $('legend').replaceChildren(...categories.map((c, i) => legendRow(c, shares[i])));
  $('nothing-yet').hidden = categories.length > 0;
  $('chart').hidden = categories.length === 0;
  $('chart').replaceChildren(ring(categories, {
    label: t('todayChartLabel', duration(total), describe(categories)),
    centre: duration(total),
  }));
  const meter = $('worked-meter');
  meter.max = Math.max(today.scheduled_seconds, today.work_seconds, 1);
  meter.value = today.work_seconds;
  meter.optimum = meter.max;
  // A day without working hours has nothing to fill: no full bar for it.
  meter.hidden = !(today.scheduled_seconds > 0);
  $('worked').dataset.seconds = String(today.work_seconds);
  $('worked').dataset.scheduled = String(today.scheduled_seconds);
  $('worked-text').textContent = today.scheduled_seconds > 0
    ? t('workedOfScheduled', duration(today.work_seconds), duration(today.scheduled_seconds))
    : t('workedNoSchedule', duration(today.work_seconds));
  $('today').hidden = false;
}

function showDomains(today, categoryOnly) {
  const names = new Map(today.categories.map((c) => [c.id, c]));
  const rows = today.top_domains.map((d) => {
    const li = document.createElement('li');
    li.dataset.domain = d.domain;
    li.dataset.category = d.category;
    li.dataset.seconds = String(d.seconds);
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.setProperty('--swatch', names.get(d.category)?.colour ?? 'gray');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = d.display ?? d.domain;
    name.title = names.get(d.category)?.name ?? '';
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = duration(d.seconds);
    li.append(swatch, name, time, filingButton(d.domain, d.category, d.display));
    return li;
  });
  $('domain-list').replaceChildren(...rows);
  $('domains').hidden = categoryOnly || rows.length === 0;
}

/** The view early.js asked for as the page started, the first time; asked anew later. */
async function askView() {
  const early = globalThis.fairtimeEarly;
  globalThis.fairtimeEarly = undefined;
  // Sent while a worker was being stopped, it may have reached no one.
  const answer = early && (await early.catch(() => undefined));
  return answer ? valueOf('popup', answer) : ask('popup');
}

let first = true;
function rendered() {
  if (!first) return;
  first = false;
  // Read by the benchmark (tests/bench/browser.js).
  performance.mark('fairtime:rendered');
  document.body.dataset.rendered = 'true';
}

async function refresh() {
  const answer = askView();
  if (first) {
    // The worker's last copy, drawn while a stopped worker wakes.
    const copy = await Promise.race([answer.then(() => null, () => null), readSnapshot().catch(() => undefined)]);
    const view = viewAt(copy, Date.now());
    if (view) {
      draw(view);
      rendered();
      document.body.dataset.drawn = 'copy';
    }
  }
  draw(await answer);
  performance.mark('fairtime:answered');
  document.body.dataset.drawn = 'answer';
  rendered();
}

function draw(view) {
  const focused = document.activeElement?.closest('#domain-list') && document.activeElement.dataset.filing;
  showStatus(view.status);
  showFront(view.status);
  $('set-aside-notice').hidden = !view.setAside;
  if (view.status.state === 'no_consent' && view.today.tracked_seconds === 0) {
    $('today').hidden = true;
    $('domains').hidden = true;
  } else {
    showToday(view.today);
    showDomains(view.today, view.categoryOnly);
  }
  if (focused) focusFiling(focused, 'domain-list');
}

async function act(type, payload) {
  try {
    showStatus(await ask(type, payload));
    $('state').classList.remove('error');
    await refresh();
  } catch (error) {
    $('state').textContent = error.message;
    $('state').classList.add('error');
  }
}

async function show() {
  translate();
  for (const button of document.querySelectorAll('#pause [data-minutes]')) {
    button.addEventListener('click', () => {
      const minutes = button.dataset.minutes === '' ? undefined : Number(button.dataset.minutes);
      act('pause', { minutes });
    });
  }
  $('resume').addEventListener('click', async () => {
    await act('resume');
    // The button is gone once counting resumes: focus stays in the section.
    if ($('resume').hidden) document.querySelector('#pause [data-minutes]')?.focus();
  });
  showShortcut($('shortcut')).catch(console.error);
  setupFiling(refresh);
  try {
    await refresh();
    // Only while seen: a popup page left in a background tab wakes no worker.
    setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, REFRESH_MS);
  } catch (error) {
    $('state').textContent = t('couldNotStart', error.message);
    $('state').classList.add('error');
  }
}

show();
