// The Reports section, in three views. Weeks: two at a time (this week and
// last week, or earlier ones, back to the oldest week kept and counted), by
// day and category, as stacked bars with a table of the same figures.
// Month and custom range: sums per category and per site (never a timeline),
// with a CSV of exactly what is shown. The core decides which days Fairtime
// was counting and which scheduled time it knows; this file only draws.
// Redrawn when the stored totals change.
import { api, ask } from '../api.js';
import { t } from '../i18n.js';
import { bars, describe } from '../chart.js';
import { date, duration, localDates, percent, percentages } from '../format.js';
import { download } from './data.js';
import { say } from './settings.js';
import { cell, grid, swatched } from '../table.js';

const $ = (id) => document.getElementById(id);
const LONG = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const DAY = { day: 'numeric', month: 'long', year: 'numeric' };

function note(text, className = 'report-note') {
  const p = cell('p', text);
  p.className = className;
  return p;
}

const scheduledText = (seconds) => (seconds === null ? '–' : duration(seconds));

/** The table a week chart stands for: categories down, days across, totals on both edges. */
function table(week, caption) {
  const columns = [t('categoryLabel'), ...week.days.map((day) => date(day.date, { weekday: 'short', day: 'numeric' })), t('totalColumn')];
  const rows = week.categories.map((category) => {
    const tr = document.createElement('tr');
    tr.dataset.category = category.id;
    tr.dataset.seconds = String(category.seconds);
    tr.append(swatched(category));
    for (const day of week.days) {
      const seconds = day.categories[category.id] ?? 0;
      tr.append(cell('td', seconds > 0 ? duration(seconds) : '–', { date: day.date, seconds }));
    }
    tr.append(cell('td', duration(category.seconds), { total: true, seconds: category.seconds }));
    return tr;
  });
  const row = (className, key, cells) => {
    const tr = document.createElement('tr');
    tr.className = className;
    const th = cell('th', t(key));
    th.scope = 'row';
    tr.append(th, ...cells);
    return tr;
  };
  const tracked = row('tracked', 'trackedRow', [
    ...week.days.map((d) => cell('td', dayText(d), { seconds: d.tracked_seconds, counting: d.counting })),
    cell('td', duration(week.tracked_seconds), { total: true, seconds: week.tracked_seconds }),
  ]);
  const scheduled = row('scheduled', 'scheduledRow', [
    ...week.days.map((d) => cell('td', scheduledText(d.scheduled_seconds), { seconds: d.scheduled_seconds ?? '' })),
    cell('td', scheduledText(week.scheduled_seconds), { total: true, seconds: week.scheduled_seconds ?? '' }),
  ]);
  return grid(caption, columns, rows, [tracked, scheduled]);
}

/** Today, `YYYY-MM-DD` in local time, as the core names days. */
function today() {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

/** A day's counted time; "–" for a day still to come, which has none yet. */
function dayText(day) {
  if (day.withdrawn) return t('reportWithdrawnDay');
  if (!day.counting) return t('reportNotYet');
  return day.date > today() ? '–' : duration(day.tracked_seconds);
}

/**
 * "3 h counted of 40 h scheduled", "3 h counted", "Fairtime was not counting
 * yet." or, while consent was withdrawn, that it was not counting then.
 */
function totalLine(view) {
  const total = cell('p', '');
  total.className = 'report-total';
  if (!view.counting) total.textContent = t(view.withdrawn ? 'reportWithdrawnPeriod' : 'reportNotCounting');
  else if (view.scheduled_seconds > 0) total.textContent = t('weekTotal', duration(view.tracked_seconds), duration(view.scheduled_seconds));
  else total.textContent = t('weekTotalNoSchedule', duration(view.tracked_seconds));
  return total;
}

function weekFigure(week, weeksBack) {
  const first = week.days[0].date;
  const last = week.days.at(-1).date;
  const range = `${date(first, { day: 'numeric', month: 'long' })} – ${date(last, DAY)}`;
  const title = [t('thisWeek'), t('lastWeek')][weeksBack] ?? t('weeksAgo', String(weeksBack));
  const section = document.createElement('section');
  section.className = 'report-week';
  section.dataset.weeksBack = String(weeksBack);
  section.dataset.seconds = String(week.tracked_seconds);
  section.dataset.counting = String(week.counting);
  const heading = document.createElement('h3');
  heading.id = `week-${weeksBack}-heading`;
  heading.textContent = `${title} (${range})`;
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading, totalLine(week));
  if (!week.counting) return section;
  const from = week.days.find((d) => d.counting);
  if (from.date !== first && !week.days[0].withdrawn) section.append(note(t('reportCountingFrom', date(from.date, LONG))));
  if (week.withdrawn) section.append(note(t('reportWithdrawnNote')));
  if (week.scheduled_seconds === null) section.append(note(t('reportScheduleUnknown')));
  if (week.tracked_seconds === 0) {
    section.append(note(t('weekEmpty'), 'muted'));
    return section;
  }
  const label = t('weekChartLabel', `${title} (${range})`, duration(week.tracked_seconds),
    describe(week.categories));
  const chart = bars(
    week.days.map((d) => ({ label: date(d.date, { weekday: 'short' }), seconds: d.categories })),
    week.categories,
    { label },
  );
  section.append(chart, table(week, `${title} (${range})`));
  return section;
}

/** A bar's label under the chart: short enough for its slot. */
const short = (name) => (name.length > 12 ? `${name.slice(0, 11)}…` : name);

/** A month or range: totals per category and per site, as bars and tables. */
function periodFigure(view, title) {
  const section = document.createElement('section');
  section.className = 'report-period';
  Object.assign(section.dataset, { first: view.first, last: view.last, seconds: String(view.tracked_seconds), counting: String(view.counting) });
  const heading = document.createElement('h3');
  heading.id = `period-${view.first}-${view.last}`;
  heading.textContent = title;
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading, totalLine(view));
  if (!view.counting) return section;
  if (view.kept_from) section.append(note(t('reportKeptFrom', date(view.kept_from, LONG))));
  if (view.counting_from) section.append(note(t('reportCountingFrom', date(view.counting_from, LONG))));
  if (view.withdrawn) section.append(note(t('reportWithdrawnNote')));
  if (view.scheduled_seconds === null) section.append(note(t('reportScheduleUnknown')));
  if (view.tracked_seconds === 0) {
    section.append(note(t('periodEmpty'), 'muted'));
    return section;
  }
  const label = t('weekChartLabel', title, duration(view.tracked_seconds), describe(view.categories));
  const chart = bars(view.categories.map((c) => ({ label: short(c.name), seconds: { [c.id]: c.seconds } })), view.categories, { label });
  const shares = percentages(view.categories.map((c) => c.seconds));
  const rows = view.categories.map((category, i) => {
    const tr = document.createElement('tr');
    tr.dataset.category = category.id;
    tr.dataset.seconds = String(category.seconds);
    tr.append(swatched(category), cell('td', duration(category.seconds)), cell('td', percent(shares[i])));
    return tr;
  });
  const total = document.createElement('tr');
  total.className = 'tracked';
  const th = cell('th', t('totalColumn'));
  th.scope = 'row';
  total.append(th, cell('td', duration(view.tracked_seconds), { total: true, seconds: view.tracked_seconds }), cell('td', ''));
  section.append(chart, grid(t('periodCategories', title), [t('categoryLabel'), t('timeColumn'), t('shareColumn')], rows, [total]));
  const sites = document.createElement('h4');
  sites.textContent = t('periodSitesHeading');
  section.append(sites);
  if (view.sites === null) {
    section.append(note(t('periodNoSites'), 'muted'));
  } else {
    const names = new Map(view.categories.map((c) => [c.id, c]));
    const siteRows = view.sites.map((site) => {
      const tr = document.createElement('tr');
      tr.dataset.site = site.domain;
      tr.dataset.category = site.category;
      tr.dataset.seconds = String(site.seconds);
      const name = cell('th', site.display);
      name.scope = 'row';
      tr.append(name, cell('td', names.get(site.category)?.name ?? site.category), cell('td', duration(site.seconds)));
      return tr;
    });
    section.append(grid(t('periodSites', title), [t('siteColumn'), t('categoryLabel'), t('timeColumn')], siteRows));
  }
  return section;
}

const monthTitle = (view) => date(view.first, { month: 'long', year: 'numeric' });
const rangeTitle = (view) => `${date(view.first, DAY)} – ${date(view.last, DAY)}`;

/** How many weeks back the newer of the two weeks shown is, and how many months back the month. */
let shown = 0;
let monthsBack = 0;
/** The range shown, once one was accepted. */
let range = null;

function view() {
  return document.querySelector('input[name="report-view"]:checked')?.value ?? 'weeks';
}

async function drawWeeks() {
  const weeks = await Promise.all([ask('week', { weeksBack: shown }), ask('week', { weeksBack: shown + 1 })]);
  $('report-weeks').replaceChildren(...weeks.map((week, i) => weekFigure(week, shown + i)));
  // No week before the oldest day kept and counted is offered.
  $('report-earlier').disabled = !weeks[1].earlier;
  $('report-later').disabled = shown === 0;
}

async function drawMonth() {
  const month = await ask('month', { monthsBack });
  $('report-month').replaceChildren(periodFigure(month, monthTitle(month)));
  $('month-earlier').disabled = !month.earlier;
  $('month-later').disabled = monthsBack === 0;
}

function rangeError(message) {
  $('range-error').textContent = localDates(message);
  for (const name of ['range-first', 'range-last']) {
    if (message) $(name).setAttribute('aria-invalid', 'true');
    else $(name).removeAttribute('aria-invalid');
  }
}

async function drawRange() {
  if (range === null) return;
  try {
    const answer = await ask('range', range);
    rangeError('');
    $('report-range').replaceChildren(periodFigure(answer, rangeTitle(answer)));
    $('range-csv').disabled = false;
  } catch (error) {
    rangeError(error.message);
    $('report-range').replaceChildren();
    $('range-csv').disabled = true;
  }
}

async function draw() {
  const drawing = { weeks: drawWeeks, month: drawMonth, range: drawRange }[view()];
  await drawing();
}

function announce(selector) {
  $('report-status').textContent = document.querySelector(selector)?.textContent ?? '';
}

async function moveWeeks(weeks) {
  shown = Math.max(0, shown + weeks);
  await drawWeeks();
  announce('.report-week h3');
}

async function moveMonths(months) {
  monthsBack = Math.max(0, monthsBack + months);
  await drawMonth();
  announce('#report-month h3');
}

async function saveCsv(type, payload) {
  try {
    const file = await ask(type, payload);
    download(file, 'text/csv');
    say($('report-csv-status'), t('exported', file.filename));
  } catch (error) {
    $('report-csv-status').textContent = error.message;
  }
}

let pending;
function drawSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => draw().catch(console.error), 1000);
}

export async function setupReports() {
  $('report-earlier').addEventListener('click', () => moveWeeks(2).catch(console.error));
  $('report-later').addEventListener('click', () => moveWeeks(-2).catch(console.error));
  $('month-earlier').addEventListener('click', () => moveMonths(1).catch(console.error));
  $('month-later').addEventListener('click', () => moveMonths(-1).catch(console.error));
  $('month-csv').addEventListener('click', () => saveCsv('monthCsv', { monthsBack }));
  $('range-csv').addEventListener('click', () => saveCsv('rangeCsv', range));
  $('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    range = { first: $('range-first').value, last: $('range-last').value };
    drawRange().then(() => announce('#report-range h3')).catch(console.error);
  });
  for (const radio of document.querySelectorAll('input[name="report-view"]')) {
    radio.addEventListener('change', () => {
      for (const name of ['weeks', 'month', 'range']) $(`report-${name}-view`).hidden = name !== view();
      draw().catch(console.error);
    });
  }
  await draw();
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && Object.keys(changes).some((k) => k.startsWith('day:') || k === 'rules' || k === 'settings')) drawSoon();
  });
  document.addEventListener('fairtime:refresh', drawSoon);
}
