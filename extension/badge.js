// The toolbar badge and tooltip: the tracker's state, always visible.
import { api } from './api.js';
import { clock, sameDay, weekdayClock } from './format.js';

const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;


/** Badge text, colour and tooltip for each state of the core's `status()`. */
export function badgeFor(status) {
  switch (status.state) {
    case 'tracking':
      return {
        text: t('badgeTracking'),
        color: '#0f766e',
        title: status.domain
          ? t('titleTracking', status.display ?? status.domain, status.category.name)
          : t('titleTrackingCategory', status.category.name),
      };
    case 'paused':
      return {
        text: t('badgePaused'),
        color: '#b45309',
        title: status.until === null || status.until === undefined
          ? t('titlePausedIndefinitely')
          : t('titlePausedUntil', clock(status.until)),
      };
    case 'on_break':
      return {
        text: t('badgeBreak'),
        color: '#b45309',
        title: status.until === null || status.until === undefined
          ? t('titleBreak', status.name)
          : t('titleBreakUntil', status.name, clock(status.until)),
      };
    case 'off_hours':
      return { text: t('badgeOffHours'), color: '#6b7280', title: offHours(status) };
    case 'idle':
    case 'locked':
      return { text: t('badgeIdle'), color: '#6b7280', title: t('titleIdle') };
    case 'no_consent':
      return { text: t('badgeNoConsent'), color: '#b42318', title: t('titleNoConsent') };
    case 'unfocused':
    case 'untracked':
    case 'stopped':
    default:
      return { text: t('badgeNotCounting'), color: '#6b7280', title: t('titleNotCounting') };
  }
}

/** "Day off today; next working time Wednesday 09:00", or until when working hours are over. */
function offHours({ next_change: next, day_off: dayOff }, now = Date.now()) {
  const known = next !== null && next !== undefined;
  if (dayOff) return known ? t('titleDayOffUntil', weekdayClock(next)) : t('titleDayOff');
  if (!known) return t('titleOffHours');
  return sameDay(next, now) ? t('titleOffHoursUntil', clock(next)) : t('titleOffHoursUntil', weekdayClock(next));
}

let shown = '';

export async function showStatus(status) {
  const badge = badgeFor(status);
  const key = JSON.stringify(badge);
  if (key === shown) return;
  shown = key;
  await Promise.all([
    api.action.setBadgeText({ text: badge.text }),
    api.action.setBadgeBackgroundColor({ color: badge.color }),
    api.action.setTitle({ title: `${t('extName')}: ${badge.title}` }),
  ]);
}
