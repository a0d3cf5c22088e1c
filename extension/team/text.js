// Plain helpers of the team pages, without the browser: ISO weeks of the
// local calendar, codes split out of pasted text, names fit for ids and files.
// (tests/node/team-text.test.js)

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

/** The shortest line that a mail or chat app would have wrapped. */
const WRAPPED = 20;

/**
 * The codes in pasted text: each starts at a word beginning `fairtime-`.
 * A line that holds only a code's letters (A-Z, a-z, 0-9, - and _) and
 * follows a long line of a code is that code wrapped by a mail or chat app,
 * and belongs to it (the core ignores white space inside a code). Other
 * words between codes ("Alex, 10:32", "thanks") are a piece of their own,
 * so that the core can say what they are not.
 */
export function splitCodes(text) {
  const pieces = [];
  let code = false; // whether the last piece is a code
  let last = 0; // the length of the code's last line
  for (const line of String(text).split(/\r?\n|\r/)) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    words.forEach((word, i) => {
      if (/^fairtime-/i.test(word)) {
        pieces.push(word);
        code = true;
        last = word.length;
      } else if (code && i === 0 && words.length === 1 && last >= WRAPPED && /^[A-Za-z0-9_-]+=*$/.test(word)) {
        pieces[pieces.length - 1] += word;
        last = word.length;
      } else if (!code && pieces.length > 0) {
        pieces[pieces.length - 1] += ` ${word}`;
      } else {
        pieces.push(word);
        code = false;
      }
    });
  }
  return pieces;
}

/** A name in lower-case ASCII letters, digits and hyphens (`Müller & Co` -> `muller-co`); '' if none is left. */
export function slug(name) {
  return String(name).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

/** A name as part of a file name: `research-team`, or `team`. */
export const fileWord = (name) => slug(name) || 'team';
