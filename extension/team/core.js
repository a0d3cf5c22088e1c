// The team module (core/fairtime_team.js, its own .wasm: neither the worker
// nor the popup loads it), instantiated the first time a page needs it, and
// what the two team pages share: ISO weeks in words, codes split out of
// pasted text, a name fit for a file.
import initTeam, * as team from '../core/fairtime_team.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { clockMinutes, date } from '../format.js';

let ready = null;
/** The team module, ready to use. */
export function teamCore() {
  ready ??= initTeam({ module_or_path: api.runtime.getURL('core/fairtime_team_bg.wasm') }).then(() => {
    team.useMessages((key, substitutions) => api.i18n.getMessage(key, substitutions), clockMinutes);
    return team;
  });
  return ready;
}

/** `count` random bytes from the browser's cryptographic generator. */
export const random = (count) => crypto.getRandomValues(new Uint8Array(count));

const DAY_MS = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Today in local time, `YYYY-MM-DD`, as the core names days. */
export function today(now = new Date()) {
  return iso(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** The ISO week (`2026-W48`) of a `YYYY-MM-DD` day. */
export function weekOf(day) {
  const ms = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(ms + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday and Sunday of `2026-W48`, `YYYY-MM-DD`. */
export function daysOf(week) {
  const [year, number] = week.split('-W').map(Number);
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS + (number - 1) * 7 * DAY_MS;
  return { first: iso(monday), last: iso(monday + 6 * DAY_MS) };
}

/** This week and the `count` weeks before it, newest first. */
export function recentWeeks(count, day = today()) {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Array.from({ length: count + 1 }, (_, i) => weekOf(iso(ms - i * 7 * DAY_MS)));
}

/** "week 48 of 2026". */
export function shortWeek(week) {
  const [year, number] = week.split('-W');
  return t('teamWeekShort', String(Number(number)), year);
}

/** "Week 48 of 2026 (23 November – 29 November 2026)". */
export function weekName(week) {
  const { first, last } = daysOf(week);
  const [year, number] = week.split('-W');
  const range = `${date(first, { day: 'numeric', month: 'long' })} – ${date(last, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  return t('teamWeekName', String(Number(number)), year, range);
}

/**
 * The codes in pasted text: each starts at a word beginning `fairtime-`;
 * lines a chat app wrapped belong to the code before them (the core ignores
 * white space inside a code). Text before the first code is a piece of its
 * own, so that the core can say what it is not.
 */
export function splitCodes(text) {
  return String(text).trim().split(/\s+(?=fairtime-)/i).filter((piece) => piece.trim() !== '');
}

/** A name in lower-case ASCII letters, digits and hyphens (`Müller & Co` -> `muller-co`); '' if none is left. */
export function slug(name) {
  return String(name).normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 40).replace(/-+$/, '');
}

/** A name as part of a file name: `research-team`, or `team`. */
export const fileWord = (name) => slug(name) || 'team';

/** Copies a code to the clipboard; where that is not allowed, selects it for Ctrl+C. */
export async function copyCode(textarea) {
  try {
    await navigator.clipboard.writeText(textarea.value);
    return t('teamCopied');
  } catch {
    textarea.focus();
    textarea.select();
    return t('teamCopySelected');
  }
}
