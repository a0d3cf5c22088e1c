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

/**
 * 12- or 24-hour clock as the person's language has it. The messages'
 * language alone cannot tell (English is both), so the browser's UI
 * language decides when it is the same language ("en-GB" for "en"); when it
 * is another one, the times follow the words around them.
 */
export const hourCycle = (() => {
  try {
    const ui = api.i18n.getUILanguage();
    const same = ui.split('-')[0].toLowerCase() === String(locale).split('-')[0].toLowerCase();
    return new Intl.DateTimeFormat(same ? ui : locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
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

/** The one style of durations on this page: 'short' unless the page says. */
let pageStyle = 'short';
export function useDurationStyle(style) {
  pageStyle = style;
}

/**
 * A duration such as "3 hr, 5 min" or "3 Std., 5 Min.": hours and minutes,
 * or seconds when under a minute, in the page's one style. Intl.DurationFormat
 * where the browser has it, else units from Intl.NumberFormat.
 */
export function duration(seconds, style = pageStyle) {
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

/**
 * Whole percentages of `parts` that add up to 100 (largest remainder: each
 * part gets its share rounded down, and the points left go to the parts
 * that lost the most by it). All zeros when nothing is there.
 */
export function percentages(parts) {
  const whole = parts.reduce((a, b) => a + b, 0);
  if (!(whole > 0)) return parts.map(() => 0);
  const exact = parts.map((part) => (100 * part) / whole);
  const shares = exact.map(Math.floor);
  let left = 100 - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => [value - shares[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return shares;
}

/** A whole percentage such as "42 %". */
export function percent(value) {
  return formatter('number', { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** An ISO date ("2026-11-23") as a local calendar day. */
export function dateOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/**
 * A sentence of the core's with its ISO dates ("2026-06-10") as the page
 * shows dates ("June 10, 2026"); anything else that looks like one stays.
 */
export function localDates(text, options = { day: 'numeric', month: 'long', year: 'numeric' }) {
  return String(text).replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso, y, m, d) => {
    const day = dateOf(iso);
    const real = day.getFullYear() === Number(y) && day.getMonth() + 1 === Number(m) && day.getDate() === Number(d);
    return real ? date(iso, options) : iso;
  });
}

/** "Monday, 23 November 2026" and shorter forms, in the browser's locale. */
export function date(iso, options = { weekday: 'long', day: 'numeric', month: 'long' }) {
  return dateOf(iso).toLocaleDateString(locale, options);
}

// "9:05 AM" on a 12-hour clock, "09:05" on a 24-hour one.
const CLOCK = { hour: hourCycle === 'h12' || hourCycle === 'h11' ? 'numeric' : '2-digit', minute: '2-digit', hourCycle };

/** A clock time such as "12:30" or "12:30 PM" for a timestamp in milliseconds. */
export function clock(at) {
  return new Date(at).toLocaleTimeString(locale, CLOCK);
}

/**
 * A time of day `minutes` after midnight, for the core's messages and the
 * schedule. 1440 is the midnight that ends a day: "24:00" on a 24-hour
 * clock, "midnight" on a 12-hour one (where "12:00 AM" would read as its start).
 */
export function clockMinutes(minutes) {
  if (minutes >= 1440) {
    return CLOCK.hour === 'numeric' ? (api.i18n.getMessage('midnight') || 'midnight') : '24:00';
  }
  return new Date(2024, 0, 1, 0, minutes).toLocaleTimeString(locale, CLOCK);
}

/** A weekday and time such as "Wednesday 09:00", for a timestamp in milliseconds. */
export function weekdayClock(at) {
  return new Date(at).toLocaleString(locale, { weekday: 'long', ...CLOCK });
}

/** Whether two timestamps fall on the same local day. */
export function sameDay(a, b) {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** A date and time, for consent and such. */
export function dateTime(at) {
  return new Date(at).toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short', hourCycle });
}

/** Weekday names from Monday, in the browser's locale (2024-01-01 was a Monday). */
export function weekday(index, style = 'long') {
  return new Date(2024, 0, 1 + index).toLocaleDateString(locale, { weekday: style });
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
