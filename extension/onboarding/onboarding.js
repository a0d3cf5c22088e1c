// The onboarding page: what Fairtime records and what it never does, the
// working hours, and the start button that gives consent. Nothing is
// recorded before that button is pressed.
import { ask } from '../api.js';
import { t, translate } from '../i18n.js';
import { WEEKDAYS, weekday } from '../format.js';

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

/** Fills the form from a schedule (one span per day: first start to last end). */
function fill(schedule) {
  for (const tr of $('week').tBodies[0].rows) {
    const ranges = schedule.hours?.[tr.dataset.day] ?? [];
    const works = ranges.length > 0;
    tr.querySelector('.works').checked = works;
    tr.querySelector('.from').value = works ? ranges[0].split('-')[0] : '09:00';
    tr.querySelector('.to').value = works ? ranges.at(-1).split('-')[1].replace('24:00', '23:59') : '17:00';
    enable(tr, works);
  }
  const lunch = (schedule.breaks ?? []).find((b) => b.name === LUNCH && !b.days);
  $('lunch').checked = Boolean(lunch);
  [$('lunch-from').value, $('lunch-to').value] = (lunch?.time ?? '12:00-13:00').split('-');
  $('lunch-from').disabled = $('lunch-to').disabled = !lunch;
}

/** The schedule the form shows, keeping what it cannot show (days off, other breaks). */
function read(schedule) {
  const hours = {};
  for (const tr of $('week').tBodies[0].rows) {
    if (tr.querySelector('.works').checked) {
      hours[tr.dataset.day] = [`${tr.querySelector('.from').value}-${tr.querySelector('.to').value}`];
    }
  }
  const breaks = (schedule.breaks ?? []).filter((b) => !(b.name === LUNCH && !b.days));
  if ($('lunch').checked) breaks.unshift({ name: LUNCH, time: `${$('lunch-from').value}-${$('lunch-to').value}` });
  return { ...schedule, hours, breaks };
}

async function main() {
  translate();
  const body = $('week').tBodies[0];
  WEEKDAYS.forEach((day, i) => body.append(row(day, i)));
  $('lunch').addEventListener('change', () => {
    $('lunch-from').disabled = $('lunch-to').disabled = !$('lunch').checked;
  });
  const settings = await ask('settings');
  fill(settings.schedule);
  const { status } = await ask('status');
  if (status.state !== 'no_consent') $('started').hidden = false;

  $('start').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('error').textContent = '';
    try {
      await ask('giveConsent', { settings: { ...settings, schedule: read(settings.schedule) } });
      $('start').hidden = true;
      $('started').hidden = false;
      $('started').querySelector('h2').focus?.();
    } catch (error) {
      $('error').textContent = error.message;
    }
  });
}

main().catch((error) => { $('error').textContent = error.message; });
