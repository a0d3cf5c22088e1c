// The options page.
import { ask } from '../api.js';

ask('status').then(
  (status) => { document.getElementById('core-version').textContent = status.coreVersion; },
  (error) => { document.getElementById('core-version').textContent = `unavailable (${error.message})`; },
);
