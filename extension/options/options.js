// The options page: its sections each live in a module of their own; this
// file starts them and shows Fairtime's version.
import { api, ask } from '../api.js';
import { t, translate } from '../i18n.js';
import { setupSchedule } from './schedule.js';
import { setupRules } from './rules.js';
import { setupPrivacy } from './privacy.js';
import { setupDataLog } from './datalog.js';
import { setupData } from './data.js';
import { setupSync } from './sync.js';
import { setupReports } from './reports.js';
import { setupTeam } from './team.js';
import { ready } from './sites.js';

const $ = (id) => document.getElementById(id);

async function main() {
  translate();
  $('version').textContent = t('versionFooter', api.runtime.getManifest().version);
  // The team's own module loads while the other sections draw; if it
  // cannot load, the rest of the page still works.
  const team = setupTeam().catch((error) => {
    $('team-error').textContent = t('teamNotLoaded', error.message);
    console.error(error);
  });
  const [settings, rules] = await Promise.all([ask('settings'), ask('rules'), ready]);
  const fillSchedule = setupSchedule(settings);
  const fillRules = setupRules(rules);
  const fillPrivacy = setupPrivacy(settings);
  await setupDataLog();
  const fillSync = await setupSync(settings);
  setupData();
  await setupReports();
  await team;
  // After deleting everything or importing: every section starts again from the core.
  document.addEventListener('fairtime:refresh', async () => {
    const [fresh, book] = await Promise.all([ask('settings'), ask('rules')]);
    fillSchedule(fresh);
    fillRules(book);
    fillPrivacy(fresh);
    await fillSync();
  });
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('load-error').textContent = t('optionsNotLoaded', error.message);
  console.error(error);
});
