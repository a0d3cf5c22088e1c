// The toolbar popup: the tracker's state and the pause control.
import { ask } from '../api.js';
import { badgeFor } from '../badge.js';
import { translate } from '../i18n.js';

const $ = (id) => document.getElementById(id);

function showStatus(status) {
  $('state').textContent = badgeFor(status).title;
  $('state').dataset.state = status.state;
  $('consent-needed').hidden = status.state !== 'no_consent';
  $('pause').hidden = status.state === 'no_consent';
  $('resume').hidden = status.state !== 'paused';
}

async function act(type, payload) {
  try {
    showStatus(await ask(type, payload));
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
  $('resume').addEventListener('click', () => act('resume'));
  try {
    const status = await ask('status');
    $('core-version').textContent = status.coreVersion;
    $('sample-duration').textContent = status.sampleDuration;
    $('core').hidden = false;
    showStatus(status.status);
  } catch (error) {
    $('state').textContent = `Fairtime could not start: ${error.message}`;
    $('state').classList.add('error');
  }
}

show();
