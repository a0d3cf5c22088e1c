// The Schedule section: working intervals per weekday, breaks, days off and
// the away threshold. The form is read into the core's schedule format and
// saved in one go; the core checks it and says what is wrong, and then
// nothing is saved.
import { ask } from '../api.js';
import { t } from '../i18n.js';
import { WEEKDAYS, date, localDates, weekday } from '../format.js';
import { changeSettings, say } from './settings.js';

const $ = (id) => document.getElementById(id);

// <input type="time"> cannot show 24:00: an interval that runs to midnight
// ends at 00:00 in the form.
const toField = (time) => (time === '24:00' ? '00:00' : time);
const fromField = (time) => (time === '00:00' ? '24:00' : time);

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function timeInput(className, label, value) {
  const input = document.createElement('input');
  input.type = 'time';
  input.className = className;
  input.setAttribute('aria-label', label);
  input.value = value;
  return input;
}

let midnightNotes = 0;

/** One interval of a weekday: from, to, remove. */
function interval(dayIndex, range = '09:00-17:00') {
  const [from, to] = range.split('-');
  const span = document.createElement('span');
  span.className = 'interval';
  const day = weekday(dayIndex);
  const end = timeInput('to', t('intervalTo', day), toField(to));
  // "12:00 AM" or "00:00" as an end reads as the start of the day: say it is its end.
  const midnight = document.createElement('span');
  midnight.className = 'until-midnight muted';
  midnight.id = `until-midnight-${midnightNotes += 1}`;
  midnight.textContent = t('untilMidnight');
  end.setAttribute('aria-describedby', midnight.id);
  const showMidnight = () => { midnight.hidden = end.value !== '00:00'; };
  end.addEventListener('input', showMidnight);
  showMidnight();
  span.append(
    timeInput('from', t('intervalFrom', day), from),
    document.createTextNode('–'),
    end,
    midnight,
    button('×', t('removeInterval', day), () => {
      const list = span.parentElement;
      span.remove();
      list.closest('tr').querySelector('.add').focus();
      dayOffNote(list);
    }),
  );
  return span;
}

function dayOffNote(list) {
  list.closest('tr').querySelector('.day-off-note').hidden = list.children.length > 0;
}

function dayRow(day, i, ranges) {
  const tr = document.createElement('tr');
  tr.dataset.day = day;
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = weekday(i);
  const td = document.createElement('td');
  const list = document.createElement('span');
  list.className = 'intervals';
  list.append(...ranges.map((range) => interval(i, range)));
  const note = document.createElement('span');
  note.className = 'day-off-note muted';
  note.textContent = t('notWorking');
  const add = button(t('addInterval'), t('addIntervalTo', weekday(i)), () => {
    const last = list.lastElementChild?.querySelector('.to')?.value;
    const start = last && last !== '00:00' ? last : '09:00';
    const [h, m] = start.split(':').map(Number);
    const end = `${String(Math.min(h + 4, 23)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const added = interval(i, `${start}-${end}`);
    list.append(added);
    added.querySelector('.from').focus();
    dayOffNote(list);
  });
  add.className = 'add';
  td.append(list, note, add);
  tr.append(th, td);
  dayOffNote(list);
  return tr;
}

/** A break: name, from, to and the weekdays it applies to. */
function breakRow(pause = { name: '', time: '12:00-13:00' }) {
  const li = document.createElement('li');
  li.className = 'break';
  const [from, to] = pause.time.split('-');
  const name = document.createElement('input');
  name.className = 'name';
  name.value = pause.name ?? '';
  name.setAttribute('aria-label', t('breakName'));
  name.placeholder = t('breakName');
  const days = document.createElement('fieldset');
  days.className = 'days';
  const legend = document.createElement('legend');
  legend.className = 'visually-hidden';
  legend.textContent = t('breakDays');
  days.append(legend);
  WEEKDAYS.forEach((day, i) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = day;
    box.checked = !pause.days || pause.days.includes(day);
    box.setAttribute('aria-label', weekday(i));
    const short = document.createElement('span');
    short.textContent = weekday(i, 'short');
    short.setAttribute('aria-hidden', 'true');
    label.append(box, short);
    days.append(label);
  });
  li.append(
    name,
    timeInput('from', t('breakFrom'), from),
    document.createTextNode('–'),
    timeInput('to', t('breakTo'), toField(to)),
    days,
    button(t('remove'), t('removeBreak'), () => { li.remove(); $('add-break').focus(); }),
  );
  return li;
}

function dayOffChip(iso) {
  const li = document.createElement('li');
  li.dataset.date = iso;
  const text = document.createElement('span');
  text.textContent = date(iso, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
  li.append(text, button('×', t('removeDayOff', text.textContent), () => { li.remove(); $('day-off-date').focus(); }));
  return li;
}

function fill(settings) {
  const { schedule } = settings;
  $('week').tBodies[0].replaceChildren(...WEEKDAYS.map((day, i) => dayRow(day, i, schedule.hours?.[day] ?? [])));
  $('breaks').replaceChildren(...(schedule.breaks ?? []).map(breakRow));
  $('days-off').replaceChildren(...[...(schedule.days_off ?? [])].sort().map(dayOffChip));
  $('idle-minutes').value = String(Math.round(settings.idle_seconds / 60));
}

class FormError extends Error {}

function range(element, what) {
  const from = element.querySelector('.from').value;
  const to = element.querySelector('.to').value;
  if (!from || !to) throw new FormError(t('timeMissing', what));
  return `${from}-${fromField(to)}`;
}

/** The schedule the form shows, in the core's format. */
function read() {
  const hours = {};
  WEEKDAYS.forEach((day, i) => {
    const spans = [...$('week').querySelectorAll(`tr[data-day="${day}"] .interval`)];
    if (spans.length > 0) hours[day] = spans.map((span) => range(span, weekday(i)));
  });
  const breaks = [...$('breaks').children].map((li) => {
    const name = li.querySelector('.name').value.trim();
    const days = [...li.querySelectorAll('.days input:checked')].map((box) => box.value);
    if (days.length === 0) throw new FormError(t('breakNoDays', name || t('breakName')));
    const pause = { name, time: range(li, name || t('breakName')) };
    if (days.length < 7) pause.days = days;
    return pause;
  });
  const days_off = [...$('days-off').children].map((li) => li.dataset.date);
  const idle = Number($('idle-minutes').value);
  if (!Number.isInteger(idle) || idle < 1) throw new FormError(t('idleInvalid'));
  return { schedule: { hours, breaks, days_off }, idle_seconds: idle * 60 };
}

export function setupSchedule(settings) {
  fill(settings);
  $('add-break').addEventListener('click', () => {
    const row = breakRow();
    $('breaks').append(row);
    row.querySelector('.name').focus();
  });
  $('add-day-off').addEventListener('click', () => {
    const iso = $('day-off-date').value;
    $('schedule-error').textContent = '';
    if (!iso) {
      $('schedule-error').textContent = t('dayOffChoose');
      $('day-off-date').focus();
      return;
    }
    const shown = date(iso, { day: 'numeric', month: 'long', year: 'numeric' });
    if ([...$('days-off').children].some((li) => li.dataset.date === iso)) {
      say($('schedule-status'), t('dayOffAlready', shown));
    } else {
      $('days-off').append(dayOffChip(iso));
      // Like every change in this form, kept only once the schedule is saved.
      say($('schedule-status'), t('dayOffAdded', shown));
    }
    $('day-off-date').value = '';
  });
  $('reset-schedule').addEventListener('click', async () => {
    fill(await ask('settings'));
    $('schedule-error').textContent = '';
  });
  $('schedule-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('schedule-error').textContent = '';
    try {
      const { schedule, idle_seconds } = read();
      const saved = await changeSettings((s) => {
        s.schedule = schedule;
        s.idle_seconds = idle_seconds;
      });
      fill(saved);
      say($('schedule-status'), t('scheduleSaved'));
    } catch (error) {
      $('schedule-status').textContent = '';
      $('schedule-error').textContent = error instanceof FormError ? error.message : t('notSaved', localDates(error.message));
    }
  });
  return fill;
}
