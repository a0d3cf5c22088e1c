// The onboarding page: what Fairtime records and what it never does, the
// working hours, and the start button that gives consent. Nothing is
// recorded before that button is pressed.
//
// The form shows the schedule already saved (after a withdrawal, or after
// the settings page changed it) and changes nothing the person did not
// change here: an untouched day keeps its stored intervals exactly (a
// midnight end stays 24:00), and a schedule the simple form cannot show
// (several spans a day) is kept as it is and named as such.
import { ask } from '../api.js';
import { t, translate } from '../i18n.js';
import { WEEKDAYS, weekday } from '../format.js';
import { showShortcut } from '../shortcut.js';
import { showHints } from './hints.js';

const $ = (id) => document.getElementById(id);
// The name the core gives the default lunch break, in the same language.
const LUNCH = t('coreLunch');

const dayName = (i) => weekday(i);

function row(day, i) {
  const tr = document.createElement('tr');
  tr.dataset.day = day;
  tr.innerHTML = `
    <th scope="row"><label><input type="checkbox" class="works"> <span></span></label></th>
    <td><input type="time" class="from" required></td>
    <td><input type="time" class="to" required></td>`;
  tr.querySelector('span').textContent = dayName(i);
  tr.querySelector('.from').setAttribute('aria-label', `${dayName(i)}: ${$('week').querySelector('th:nth-child(2)').textContent}`);
  tr.querySelector('.to').setAttribute('aria-label', `${dayName(i)}: ${$('week').querySelector('th:nth-child(3)').textContent}`);
  const works = tr.querySelector('.works');
  works.addEventListener('change', () => enable(tr, works.checked));
  return tr;
}

function enable(tr, on) {
  for (const input of tr.querySelectorAll('input[type=time]')) input.disabled = !on;
}

/** Whether the simple form can show the schedule: one span a day, no break but lunch every day. */
function simple(schedule) {
  return Object.values(schedule.hours ?? {}).every((ranges) => ranges.length <= 1)
    && (schedule.breaks ?? []).every((b) => b.name === LUNCH && !b.days);
}

/** What a row or the lunch break shows, to tell later whether the person changed it. */
const rowState = (tr) => JSON.stringify([tr.querySelector('.works').checked,
  tr.querySelector('.from').value, tr.querySelector('.to').value]);
const lunchState = () => JSON.stringify([$('lunch').checked, $('lunch-from').value, $('lunch-to').value]);
let filledLunch = '';

/** Fills the form from a schedule of at most one span a day. */
function fill(schedule) {
  for (const tr of $('week').tBodies[0].rows) {
    const ranges = schedule.hours?.[tr.dataset.day] ?? [];
    const works = ranges.length > 0;
    tr.querySelector('.works').checked = works;
    tr.querySelector('.from').value = works ? ranges[0].split('-')[0] : '09:00';
    // The time field cannot hold 24:00; the stored end stays unless edited.
    tr.querySelector('.to').value = works ? ranges.at(-1).split('-')[1].replace('24:00', '23:59') : '17:00';
    enable(tr, works);
    tr.dataset.filled = rowState(tr);
  }
  const lunch = (schedule.breaks ?? []).find((b) => b.name === LUNCH && !b.days);
  $('lunch').checked = Boolean(lunch);
  [$('lunch-from').value, $('lunch-to').value] = (lunch?.time ?? '12:00-13:00').split('-');
  $('lunch-from').disabled = $('lunch-to').disabled = !lunch;
  filledLunch = lunchState();
}

/**
 * The schedule with what the person changed in the form, keeping what it
 * cannot show (days off, other breaks) and every untouched day as stored;
 * `schedule` itself when nothing changed.
 */
function read(schedule) {
  let changed = false;
  const hours = {};
  for (const tr of $('week').tBodies[0].rows) {
    const day = tr.dataset.day;
    if (tr.dataset.filled === rowState(tr)) {
      if (schedule.hours?.[day]?.length) hours[day] = schedule.hours[day];
    } else {
      changed = true;
      if (tr.querySelector('.works').checked) {
        hours[day] = [`${tr.querySelector('.from').value}-${tr.querySelector('.to').value}`];
      }
    }
  }
  let breaks = schedule.breaks ?? [];
  if (lunchState() !== filledLunch) {
    changed = true;
    breaks = breaks.filter((b) => !(b.name === LUNCH && !b.days));
    if ($('lunch').checked) breaks.unshift({ name: LUNCH, time: `${$('lunch-from').value}-${$('lunch-to').value}` });
  }
  return changed ? { ...schedule, hours, breaks } : schedule;
}

async function main() {
  translate();
  const body = $('week').tBodies[0];
  WEEKDAYS.forEach((day, i) => body.append(row(day, i)));
  $('lunch').addEventListener('change', () => {
    $('lunch-from').disabled = $('lunch-to').disabled = !$('lunch').checked;
  });
  const settings = await ask('settings');
  const detailed = !simple(settings.schedule);
  $('detailed').hidden = !detailed;
  $('week').hidden = $('lunch-row').hidden = detailed;
  if (detailed) {
    // Hidden and not sent: nothing in them to check either.
    for (const input of document.querySelectorAll('#week input, #lunch-row input')) input.disabled = true;
  } else {
    fill(settings.schedule);
  }
  showHints(settings).catch(console.error);
  showShortcut($('shortcut')).catch(console.error);
  const { status } = await ask('status');
  if (status.state !== 'no_consent') $('started').hidden = false;

  $('start').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('error').textContent = '';
    try {
      const schedule = detailed ? settings.schedule : read(settings.schedule);
      // Nothing changed here: the settings are not sent, so nothing is rewritten;
      // otherwise only the schedule, over the settings as they are now.
      const changed = schedule !== settings.schedule;
      await ask('giveConsent', changed ? { settings: { ...(await ask('settings')), schedule } } : {});
      $('start').hidden = true;
      $('started').hidden = false;
      $('started').querySelector('h2').focus?.();
    } catch (error) {
      $('error').textContent = error.message;
    }
  });
}

main().catch((error) => { $('error').textContent = error.message; });
