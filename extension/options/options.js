// The options page: its sections each live in a module of their own; this
// file starts them and shows the core's version.
import { ask } from '../api.js';
import { t, translate } from '../i18n.js';
import { setupSchedule } from './schedule.js';
import { setupRules } from './rules.js';
import { setupPrivacy } from './privacy.js';
import { setupDataLog } from './datalog.js';
import { setupData } from './data.js';
import { setupReports } from './reports.js';

const $ = (id) => document.getElementById(id);

async function main() {
  translate();
  const [status, settings, rules] = await Promise.all([ask('status'), ask('settings'), ask('rules')]);
  $('core-version').textContent = status.coreVersion;
  const fillSchedule = setupSchedule(settings);
  const fillRules = setupRules(rules);
  const fillPrivacy = setupPrivacy(settings);
  await setupDataLog();
  setupData();
  await setupReports();
  // After deleting everything or importing: every section starts again from the core.
  document.addEventListener('fairtime:refresh', async () => {
    const [fresh, book] = await Promise.all([ask('settings'), ask('rules')]);
    fillSchedule(fresh);
    fillRules(book);
    fillPrivacy(fresh);
  });
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('core-version').textContent = t('unavailable', error.message);
  console.error(error);
});
