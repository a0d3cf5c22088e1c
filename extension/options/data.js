// The Data section: export everything as JSON and the daily totals as CSV,
// import settings and rules from JSON with a preview of what changes, and
// merge another browser's export (its totals added to this browser's, the
// same export twice adding nothing). The core does the work (messages
// exportJson, exportCsv, previewImport, applyImport, previewMerge and
// applyMerge in the service worker); a refused file leaves everything as it
// was and its error is shown.
import { ask } from '../api.js';
import { t } from '../i18n.js';
import { localDates } from '../format.js';
import { say } from './settings.js';

const $ = (id) => document.getElementById(id);

/** Saves `text` as a file in the person's downloads, without any permission. */
export function download({ filename, text }, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fail(error) {
  $('data-status').textContent = '';
  $('data-error').textContent = localDates(error.message);
}

/**
 * The largest file read, in bytes: well above any export, so that a wrong
 * file is refused before it is read. An export is about 2.3 times the bytes
 * it holds in storage (ten years of 48 sites a day: 7.3 MB stored, a 17 MB
 * file), and Chromium's storage.local holds at most 10 MiB, about 24 MB of
 * export.
 */
export const MAX_FILE_BYTES = 32_000_000;

/** The file's text, or an error saying it is too large to be an export. */
async function readFile(file) {
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(t('importTooLarge', String(Math.ceil(file.size / 1e6)), String(MAX_FILE_BYTES / 1e6)));
  }
  return file.text();
}

let text = null;

function clearPreview() {
  text = null;
  $('import-preview').hidden = true;
  $('import-changes').replaceChildren();
  $('import-file').value = '';
}

let merging = null;

function clearMerge() {
  merging = null;
  $('merge-preview').hidden = true;
  $('merge-changes').replaceChildren();
  $('merge-file').value = '';
}

function sentenceItem(sentence) {
  const li = document.createElement('li');
  li.textContent = localDates(sentence);
  return li;
}

/** Another browser's export: what it adds, shown before anything is written. */
function setupMerge() {
  $('merge-file').addEventListener('change', async () => {
    $('data-error').textContent = '';
    $('merge-preview').hidden = true;
    const [file] = $('merge-file').files;
    if (!file) return;
    try {
      const candidate = await readFile(file);
      const preview = await ask('previewMerge', { text: candidate });
      merging = candidate;
      // The core's sentences say what is added: days, hours, categories.
      $('merge-changes').replaceChildren(...preview.sentences.map(sentenceItem));
      const box = $('merge-preview');
      box.dataset.days = String(preview.days);
      box.dataset.categories = String(preview.categories);
      box.dataset.hours = String(preview.hours);
      box.hidden = false;
      $('merge-apply').focus();
    } catch (error) {
      clearMerge();
      fail(new Error(t('mergeRefused', error.message)));
    }
  });
  $('merge-cancel').addEventListener('click', () => {
    clearMerge();
    $('merge-file').focus();
  });
  $('merge-apply').addEventListener('click', async () => {
    if (merging === null) return;
    try {
      await ask('applyMerge', { text: merging });
      clearMerge();
      say($('data-status'), t('merged'));
      $('merge-file').focus();
      document.dispatchEvent(new CustomEvent('fairtime:refresh'));
    } catch (error) {
      fail(new Error(t('mergeRefused', error.message)));
    }
  });
}

export function setupData() {
  setupMerge();
  $('export-json').addEventListener('click', async () => {
    $('data-error').textContent = '';
    try {
      const file = await ask('exportJson');
      download(file, 'application/json');
      say($('data-status'), t('exported', file.filename));
    } catch (error) {
      fail(error);
    }
  });
  $('export-csv').addEventListener('click', async () => {
    $('data-error').textContent = '';
    try {
      const file = await ask('exportCsv');
      download(file, 'text/csv');
      say($('data-status'), t('exported', file.filename));
    } catch (error) {
      fail(error);
    }
  });
  $('import-file').addEventListener('change', async () => {
    $('data-error').textContent = '';
    $('import-preview').hidden = true;
    const [file] = $('import-file').files;
    if (!file) return;
    try {
      const candidate = await readFile(file);
      const preview = await ask('previewImport', { text: candidate });
      text = candidate;
      const changes = preview.changes.length > 0 ? preview.changes : [t('importNoChanges')];
      $('import-changes').replaceChildren(...changes.map((sentence) => {
        const li = document.createElement('li');
        li.textContent = localDates(sentence);
        return li;
      }));
      $('import-preview').hidden = false;
      $('import-apply').focus();
    } catch (error) {
      clearPreview();
      fail(new Error(t('importRefused', error.message)));
    }
  });
  $('import-cancel').addEventListener('click', () => {
    clearPreview();
    $('import-file').focus();
  });
  $('import-apply').addEventListener('click', async () => {
    if (text === null) return;
    try {
      await ask('applyImport', { text });
      clearPreview();
      say($('data-status'), t('imported'));
      // Settings and rules changed under every section: each draws them again.
      document.dispatchEvent(new CustomEvent('fairtime:refresh'));
    } catch (error) {
      fail(new Error(t('importRefused', error.message)));
    }
  });
}
