// The options page.
import { ask } from '../api.js';
import { t, translate } from '../i18n.js';

const $ = (id) => document.getElementById(id);

function showConsent(settings) {
  const given = settings.consent !== null && settings.consent !== undefined;
  $('consent-state').textContent = given
    ? t('consentGiven', new Date(settings.consent).toLocaleString())
    : t('consentNotGiven');
  $('consent-state').dataset.consent = given ? 'given' : 'none';
  $('withdraw').hidden = !given;
  $('give').hidden = given;
}

async function main() {
  translate();
  const [status, settings] = await Promise.all([ask('status'), ask('settings')]);
  $('core-version').textContent = status.coreVersion;
  showConsent(settings);
  $('withdraw').addEventListener('click', async () => {
    try {
      await ask('withdrawConsent');
      showConsent(await ask('settings'));
    } catch (error) {
      $('error').textContent = error.message;
    }
  });
}

main().catch((error) => { $('core-version').textContent = `unavailable (${error.message})`; });
