// What onboarding says beyond the basics: after how long without input the
// person counts as away (their setting), and, in Chromium when the toolbar
// button is not pinned, how to pin it.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { duration } from '../format.js';

const $ = (id) => document.getElementById(id);

export async function showHints(settings) {
  $('away').textContent = t('onboardingAway', duration(settings.idle_seconds, 'long'));
  // Firefox (which has getBrowserInfo) puts the button elsewhere and words it otherwise.
  if (typeof api.action?.getUserSettings !== 'function' || typeof api.runtime.getBrowserInfo === 'function') return;
  const { isOnToolbar } = await api.action.getUserSettings();
  $('pin').hidden = isOnToolbar !== false;
}
