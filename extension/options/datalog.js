// The data log in the Privacy section: what happened to the person's data
// and settings (kinds of change, never sites or time), newest first, dated
// in the browser's locale. The core keeps it; this file only shows it.
import { api, ask } from '../api.js';
import { t } from '../i18n.js';
import { hourCycle, locale } from '../format.js';

const $ = (id) => document.getElementById(id);

// One literal t() call per kind, so the locale test sees every key.
const WORDS = {
  consent_given: () => t('logConsentGiven'),
  consent_withdrawn: () => t('logConsentWithdrawn'),
  schedule_changed: () => t('logScheduleChanged'),
  away_time_changed: () => t('logAwayTimeChanged'),
  retention_changed: () => t('logRetentionChanged'),
  exclusion_added: () => t('logExclusionAdded'),
  exclusion_removed: () => t('logExclusionRemoved'),
  category_only_on: () => t('logCategoryOnlyOn'),
  category_only_off: () => t('logCategoryOnlyOff'),
  category_added: () => t('logCategoryAdded'),
  category_renamed: () => t('logCategoryRenamed'),
  category_recoloured: () => t('logCategoryRecoloured'),
  category_work_changed: () => t('logCategoryWorkChanged'),
  category_deleted: () => t('logCategoryDeleted'),
  rule_added: () => t('logRuleAdded'),
  rule_edited: () => t('logRuleEdited'),
  rule_deleted: () => t('logRuleDeleted'),
  defaults_restored: () => t('logDefaultsRestored'),
  exported_json: () => t('logExportedJson'),
  exported_csv: () => t('logExportedCsv'),
  import_applied: () => t('logImportApplied'),
  everything_deleted: () => t('logEverythingDeleted'),
  set_aside_deleted: () => t('logSetAsideDeleted'),
  value_set_aside: () => t('logValueSetAside'),
};

// Short dates for a list, on the same 12- or 24-hour clock as the rest of the page.
const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle });

/** What an entry of the log says happened, in words. */
export function logWords(kind) {
  return (WORDS[kind] ?? (() => t('logUnknown')))();
}

function item({ at, kind }) {
  const li = document.createElement('li');
  li.dataset.kind = kind;
  const time = document.createElement('time');
  time.dateTime = new Date(at).toISOString();
  time.textContent = when.format(at);
  li.append(time, ' – ', logWords(kind));
  return li;
}

async function show() {
  const entries = await ask('dataLog');
  $('datalog-empty').hidden = entries.length > 0;
  $('datalog').replaceChildren(...entries.slice().reverse().map(item));
  $('datalog').dataset.entries = String(entries.length);
}

let pending;
function showSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => show().catch(console.error), 200);
}

export function setupDataLog() {
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'datalog' in changes) showSoon();
  });
  return show();
}
