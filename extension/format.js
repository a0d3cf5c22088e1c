// Dates, times, durations and shares in the browser's locale. The core gives
// numbers (seconds, milliseconds, ISO dates); this file only words them.
import { api } from './api.js';

/**
 * The language of the _locales messages in use (each messages.json names
 * its own language), so that dates and weekdays match the words around them;
 * getUILanguage() and @@ui_locale can disagree with the messages chosen.
 */
export const locale = (() => {
  try {
    return api.i18n.getMessage('locale') || api.i18n.getUILanguage();
  } catch {
    return undefined;
  }
})();

const cache = new Map();
function formatter(kind, options) {
  const key = kind + JSON.stringify(options);
  if (!cache.has(key)) {
    cache.set(key, kind === 'duration'
      ? new Intl.DurationFormat(locale, options)
      : new Intl.NumberFormat(locale, options));
  }
  return cache.get(key);
}

/** Whole hours, minutes and (under a minute) seconds. */
export function parts(seconds) {
  const total = Math.max(0, Math.round(seconds));
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

/**
 * A duration such as "3 h 05 min" or "3 Std., 5 Min.": hours and minutes, or
 * seconds when under a minute. Intl.DurationFormat where the browser has it,
 * else units from Intl.NumberFormat.
 */
export function duration(seconds, style = 'short') {
  const { hours, minutes, seconds: secs } = parts(seconds);
  const shown = hours > 0 ? { hours, minutes } : minutes > 0 ? { minutes } : { seconds: secs };
  if (shown.hours > 0 && shown.minutes === 0) delete shown.minutes;
  if (typeof Intl.DurationFormat === 'function') {
    // A zero duration still reads as one ("0 min"), not as nothing.
    const options = sum(shown) === 0 ? { style, minutesDisplay: 'always' } : { style };
    return formatter('duration', options).format(sum(shown) === 0 ? { minutes: 0 } : shown);
  }
  if (sum(shown) === 0) return formatter('number', { style: 'unit', unit: 'minute', unitDisplay: style }).format(0);
  return Object.entries(shown)
    .map(([unit, value]) => formatter('number', { style: 'unit', unit: unit.slice(0, -1), unitDisplay: style })
      .format(value))
    .join(' ');
}

const sum = (shown) => Object.values(shown).reduce((a, b) => a + b, 0);

/** A plain number such as "18,507". */
export function number(value) {
  return formatter('number', {}).format(value);
}

/** A share such as "42 %". */
export function share(part, whole) {
  return formatter('number', { style: 'percent', maximumFractionDigits: 0 }).format(whole > 0 ? part / whole : 0);
}

/** An ISO date ("2026-11-23") as a local calendar day. */
export function dateOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** "Monday, 23 November 2026" and shorter forms, in the browser's locale. */
export function date(iso, options = { weekday: 'long', day: 'numeric', month: 'long' }) {
  return dateOf(iso).toLocaleDateString(locale, options);
}

/** A clock time such as "12:30" for a timestamp in milliseconds. */
export function clock(at) {
  return new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** A date and time, for consent and such. */
export function dateTime(at) {
  return new Date(at).toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' });
}

/** Weekday names from Monday, in the browser's locale (2024-01-01 was a Monday). */
export function weekday(index, style = 'long') {
  return new Date(2024, 0, 1 + index).toLocaleDateString(locale, { weekday: style });
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
