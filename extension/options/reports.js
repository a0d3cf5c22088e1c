// The Reports section: two weeks at a time (this week and last week, or
// earlier ones, back to the oldest day kept), by day and category, as
// stacked bars with a table of the same figures and the totals. Redrawn
// when the stored totals change.
import { api, ask } from '../api.js';
import { t } from '../i18n.js';
import { bars, describe } from '../chart.js';
import { date, duration } from '../format.js';

const $ = (id) => document.getElementById(id);

function cell(tag, text, data = {}) {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [key, value] of Object.entries(data)) node.dataset[key] = String(value);
  return node;
}

/** The table a chart stands for: categories down, days across, totals on both edges. */
function table(week, caption) {
  const element = document.createElement('table');
  element.className = 'table report-table';
  const cap = document.createElement('caption');
  cap.className = 'visually-hidden';
  cap.textContent = caption;
  const head = document.createElement('tr');
  head.append(cell('th', t('categoryLabel')));
  for (const day of week.days) {
    const th = cell('th', date(day.date, { weekday: 'short', day: 'numeric' }));
    th.scope = 'col';
    head.append(th);
  }
  head.append(cell('th', t('totalColumn')));
  for (const th of head.children) th.scope = 'col';
  const body = document.createElement('tbody');
  for (const category of week.categories) {
    const tr = document.createElement('tr');
    tr.dataset.category = category.id;
    tr.dataset.seconds = String(category.seconds);
    const th = cell('th', category.name);
    th.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.setProperty('--swatch', category.colour);
    th.prepend(swatch, ' ');
    tr.append(th);
    for (const day of week.days) {
      const seconds = day.categories[category.id] ?? 0;
      tr.append(cell('td', seconds > 0 ? duration(seconds) : '–', { date: day.date, seconds }));
    }
    tr.append(cell('td', duration(category.seconds), { total: true, seconds: category.seconds }));
    body.append(tr);
  }
  const foot = document.createElement('tfoot');
  const tracked = document.createElement('tr');
  tracked.className = 'tracked';
  const trackedTh = cell('th', t('trackedRow'));
  trackedTh.scope = 'row';
  tracked.append(trackedTh, ...week.days.map((d) => cell('td', duration(d.tracked_seconds), { seconds: d.tracked_seconds })),
    cell('td', duration(week.tracked_seconds), { total: true, seconds: week.tracked_seconds }));
  const scheduled = document.createElement('tr');
  scheduled.className = 'scheduled';
  const scheduledTh = cell('th', t('scheduledRow'));
  scheduledTh.scope = 'row';
  scheduled.append(scheduledTh,
    ...week.days.map((d) => cell('td', duration(d.scheduled_seconds), { seconds: d.scheduled_seconds })),
    cell('td', duration(week.scheduled_seconds), { total: true, seconds: week.scheduled_seconds }));
  foot.append(tracked, scheduled);
  const thead = document.createElement('thead');
  thead.append(head);
  element.append(cap, thead, body, foot);
  return element;
}

function weekFigure(week, weeksBack) {
  const first = week.days[0].date;
  const last = week.days.at(-1).date;
  const range = `${date(first, { day: 'numeric', month: 'long' })} – ${date(last, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  const title = [t('thisWeek'), t('lastWeek')][weeksBack] ?? t('weeksAgo', String(weeksBack));
  const section = document.createElement('section');
  section.className = 'report-week';
  section.dataset.weeksBack = String(weeksBack);
  section.dataset.seconds = String(week.tracked_seconds);
  const heading = document.createElement('h3');
  heading.id = `week-${weeksBack}-heading`;
  heading.textContent = `${title} (${range})`;
  section.setAttribute('aria-labelledby', heading.id);
  const total = document.createElement('p');
  total.className = 'report-total';
  total.textContent = week.scheduled_seconds > 0
    ? t('weekTotal', duration(week.tracked_seconds), duration(week.scheduled_seconds))
    : t('weekTotalNoSchedule', duration(week.tracked_seconds));
  section.append(heading, total);
  if (week.tracked_seconds === 0) {
    section.append(cell('p', t('weekEmpty'), {}));
    section.lastChild.className = 'muted';
    return section;
  }
  const label = t('weekChartLabel', `${title} (${range})`, duration(week.tracked_seconds),
    describe(week.categories, week.tracked_seconds));
  const chart = bars(
    week.days.map((d) => ({ label: date(d.date, { weekday: 'short' }), seconds: d.categories })),
    week.categories,
    { label },
  );
  section.append(chart, table(week, `${title} (${range})`));
  return section;
}

/** How many weeks back the newer of the two weeks shown is. */
let shown = 0;

async function draw() {
  const weeks = await Promise.all([ask('week', { weeksBack: shown }), ask('week', { weeksBack: shown + 1 })]);
  $('report-weeks').replaceChildren(...weeks.map((week, i) => weekFigure(week, shown + i)));
  // No week before the oldest day kept is offered.
  $('report-earlier').disabled = !weeks[1].earlier;
  $('report-later').disabled = shown === 0;
}

async function move(weeks) {
  shown = Math.max(0, shown + weeks);
  await draw();
  const first = document.querySelector('.report-week h3');
  $('report-status').textContent = first?.textContent ?? '';
}

let pending;
function drawSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => draw().catch(console.error), 1000);
}

export async function setupReports() {
  $('report-earlier').addEventListener('click', () => move(2).catch(console.error));
  $('report-later').addEventListener('click', () => move(-2).catch(console.error));
  await draw();
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && Object.keys(changes).some((k) => k.startsWith('day:') || k === 'rules' || k === 'settings')) drawSoon();
  });
  document.addEventListener('fairtime:refresh', drawSoon);
}
