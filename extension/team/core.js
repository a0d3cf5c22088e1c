// The team module (core/fairtime_team.js, its own .wasm: neither the worker
// nor the popup loads it), instantiated the first time a page needs it, and
// what the two team pages share: weeks in words, copying a code.
import initTeam, * as team from '../core/fairtime_team.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { clockMinutes, date } from '../format.js';
import { daysOf } from './text.js';

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

/** "week 48 of 2026". */
export function shortWeek(week) {
  const [year, number] = week.split('-W');
  return t('teamWeekShort', String(Number(number)), year);
}

/**
 * "week 48 of 2026 (23 November – 29 November 2026)" inside a sentence, or
 * with `title`, "Week 48 …" where it stands alone or begins one.
 */
export function weekName(week, { title = false } = {}) {
  const { first, last } = daysOf(week);
  const [year, number] = week.split('-W');
  const range = `${date(first, { day: 'numeric', month: 'long' })} – ${date(last, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  return title ? t('teamWeekTitle', String(Number(number)), year, range) : t('teamWeekName', String(Number(number)), year, range);
}

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
