// The toolbar popup: asks the background for its state and shows it.
import { ask } from '../api.js';

const $ = (id) => document.getElementById(id);

async function show() {
  try {
    const status = await ask('status');
    $('core-version').textContent = status.coreVersion;
    $('sample-duration').textContent = status.sampleDuration;
    $('core').hidden = false;
    $('state').textContent = 'Ready. Nothing is tracked yet.';
  } catch (error) {
    $('state').textContent = `Fairtime could not start: ${error.message}`;
    $('state').classList.add('error');
  }
}

show();
