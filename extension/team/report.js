// The team report (issue 14): anyone holding the team code and a week's
// contribution codes can open it, joined or not. Codes are added by pasting
// or from files; each refused one is listed with the core's reason, and
// until every roster member's code for the week is in, the page says only
// how many are in and how many are missing. Then the team's total and mean
// per category, drawn like the personal report (chart.js, the report table).
import { api } from '../api.js';
import { t, tn, translate } from '../i18n.js';
import { bars, describe } from '../chart.js';
import { duration, localDates, number, percent, percentages } from '../format.js';
import { cell, grid, swatched } from '../table.js';
import { teamCore, weekName } from './core.js';

const $ = (id) => document.getElementById(id);

/** The largest file read: a week's codes of 100 members are about 10 KB. */
const MAX_FILE_BYTES = 1_000_000;

let core = null;
/** The team code the accepted codes belong to, and the codes accepted so far. */
let teamText = null;
let accepted = [];

/** A bar's label under the chart: short enough for its slot among `count` bars. */
function short(name, count) {
  const room = Math.max(4, Math.floor(500 / count / 7));
  return name.length > room ? `${name.slice(0, room - 1)}…` : name;
}

/** How a refused piece of text is named in the list: its file, or its first characters. */
function what(piece) {
  const start = piece.code.trim().replace(/\s+/g, ' ');
  const shown = start.length > 28 ? `${start.slice(0, 27)}…` : start;
  return piece.file ? t('teamReportFromFile', piece.file, shown) : t('teamReportQuoted', shown);
}

function showRefused(refused) {
  const items = refused.map(({ index, piece, reason }) => {
    const li = cell('li', '', { index });
    const name = cell('span', what(piece));
    name.className = 'what';
    const why = cell('span', localDates(reason));
    why.className = 'reason';
    li.append(name, ': ', why);
    return li;
  });
  $('report-refused').replaceChildren(...items);
  $('report-refused-box').hidden = items.length === 0;
}

function showStatus(report, refused) {
  const status = $('report-status');
  Object.assign(status.dataset, { received: report.received, members: report.members, missing: report.missing });
  if (report.result) {
    status.textContent = t('teamReportComplete', number(report.members), weekName(report.result.week));
  } else if (report.week) {
    status.textContent = t('teamReportMissingWeek', weekName(report.week, { title: true }), number(report.received),
      number(report.members), number(report.missing));
  } else {
    status.textContent = t('teamReportMissing', number(report.received), number(report.members), number(report.missing));
  }
  // Said with the count, so that a screen reader hears that some were not counted.
  if (refused > 0) status.textContent += ` ${tn('teamReportRefusedCount', refused, number(refused))}`;
}

function table(result, caption) {
  const shares = percentages(result.categories.map((c) => c.total_minutes));
  const rows = result.categories.map((category, i) => {
    const tr = cell('tr', '', {
      category: category.id, totalMinutes: category.total_minutes, meanMinutes: category.mean_minutes,
    });
    tr.append(swatched(category), cell('td', duration(category.total_minutes * 60)),
      cell('td', duration(category.mean_minutes * 60)), cell('td', percent(shares[i])));
    return tr;
  });
  const total = cell('tr', '', { totalMinutes: result.total_minutes, meanMinutes: result.mean_minutes });
  total.className = 'total';
  const th = cell('th', t('totalColumn'));
  th.scope = 'row';
  total.append(th, cell('td', duration(result.total_minutes * 60)), cell('td', duration(result.mean_minutes * 60)), cell('td', ''));
  const columns = [t('categoryLabel'), t('teamReportTotalColumn'), t('teamReportMeanColumn'), t('shareColumn')];
  const element = grid(caption, columns, rows, [total]);
  element.id = 'report-table';
  return element;
}

function showResult(report) {
  const { result } = report;
  const box = $('report-result');
  if (!result) {
    box.hidden = true;
    $('report-figure').replaceChildren();
    return false;
  }
  const title = t('teamReportResultHeading', report.team.name, weekName(result.week));
  Object.assign(box.dataset, { week: result.week, members: result.members, totalMinutes: result.total_minutes });
  $('report-result-heading').textContent = title;
  $('report-result-total').textContent = t('teamReportTotal', duration(result.total_minutes * 60),
    number(result.members), duration(result.mean_minutes * 60));
  const figure = [];
  if (result.total_minutes === 0) {
    figure.push(cell('p', t('teamReportNothing')));
  } else {
    // The chart shows the categories with time; the table below has them all.
    const seconds = result.categories.map((c) => ({ ...c, seconds: c.total_minutes * 60 })).filter((c) => c.seconds > 0);
    const label = t('teamReportChartLabel', title, duration(result.total_minutes * 60), describe(seconds));
    figure.push(bars(seconds.map((c) => ({ label: short(c.name, seconds.length), seconds: { [c.id]: c.seconds } })), seconds, { label }));
  }
  figure.push(table(result, title));
  $('report-figure').replaceChildren(...figure);
  box.hidden = false;
  return true;
}

/** The team code as typed, read: its name and roster in a line, or its refusal. */
function readTeam() {
  const text = $('report-team').value.trim();
  $('report-team').removeAttribute('aria-invalid');
  if (text === '') {
    $('report-team-about').textContent = '';
    return null;
  }
  try {
    const team = core.readTeam(text);
    $('report-team-about').textContent = t('teamReportAbout', team.name, number(team.members.length),
      team.categories.map((c) => c.name).join(', '));
    return { text, team };
  } catch (error) {
    $('report-team-about').textContent = '';
    $('report-team').setAttribute('aria-invalid', 'true');
    throw error;
  }
}

/** Adds `pieces` ({code, file?}) to the codes accepted so far and shows where the week stands. */
function add(pieces) {
  $('report-error').textContent = '';
  let read;
  try {
    read = readTeam();
  } catch (error) {
    $('report-error').textContent = localDates(error.message);
    $('report-team').focus();
    return;
  }
  if (read === null) {
    $('report-error').textContent = t('teamReportNoTeam');
    $('report-team').focus();
    return;
  }
  if (read.text !== teamText) {
    // Another team: the codes of the one before do not count for it.
    teamText = read.text;
    accepted = [];
  }
  const before = accepted.map((code) => ({ code }));
  const all = [...before, ...pieces];
  let report;
  try {
    report = core.teamReport(teamText, all.map((piece) => piece.code));
  } catch (error) {
    $('report-error').textContent = localDates(error.message);
    return;
  }
  // Numbered among the pieces of this Add (those added before were all accepted).
  const refused = report.refused.map(({ index, reason }) => ({ index: index - before.length, piece: all[index], reason }));
  const out = new Set(report.refused.map((r) => r.index));
  accepted = all.filter((_, i) => !out.has(i)).map((piece) => piece.code);
  showRefused(refused);
  showStatus(report, refused.length);
  if (showResult(report) && pieces.length > 0) $('report-result-heading').focus();
}

async function addFiles(files) {
  const pieces = [];
  const refusedFiles = [];
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      refusedFiles.push(t('teamReportFileTooLarge', file.name));
      continue;
    }
    for (const code of core.splitCodes(await file.text())) pieces.push({ code, file: file.name });
  }
  if (pieces.length > 0) add(pieces);
  if (refusedFiles.length > 0) $('report-error').textContent = refusedFiles.join(' ');
  // The same file can be opened again (after the team code was corrected, say).
  $('report-files').value = '';
}

function clear() {
  teamText = null;
  accepted = [];
  $('report-codes').value = '';
  $('report-files').value = '';
  $('report-error').textContent = '';
  $('report-status').textContent = '';
  for (const key of ['received', 'members', 'missing']) delete $('report-status').dataset[key];
  showRefused([]);
  showResult({ result: null });
  if ($('report-team').value.trim() !== '') add([]);
  $('report-codes').focus();
}

/** The team code of this browser's membership, if it joined one. */
async function joinedCode() {
  try {
    const { team } = await api.storage.local.get('team');
    if (typeof team?.code !== 'string') return '';
    core.readState(team);
    return team.code;
  } catch {
    return '';
  }
}

async function main() {
  translate();
  core = await teamCore();
  const code = await joinedCode();
  if (code) {
    $('report-team').value = code;
    add([]);
  }
  $('report-team').addEventListener('change', () => {
    $('report-error').textContent = '';
    try {
      if (readTeam() !== null) add([]);
    } catch (error) {
      $('report-error').textContent = localDates(error.message);
    }
  });
  $('report-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const pieces = core.splitCodes($('report-codes').value).map((text) => ({ code: text }));
    if (pieces.length === 0) {
      $('report-error').textContent = t('teamReportNoCodes');
      $('report-codes').focus();
      return;
    }
    add(pieces);
    if ($('report-error').textContent === '') $('report-codes').value = '';
  });
  $('report-files').addEventListener('change', () => {
    addFiles([...$('report-files').files]).catch((error) => { $('report-error').textContent = error.message; });
  });
  // Files dropped on the codes are read like files opened.
  $('report-codes').addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  });
  $('report-codes').addEventListener('drop', (event) => {
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files).catch((error) => { $('report-error').textContent = error.message; });
  });
  $('report-clear').addEventListener('click', clear);
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('report-error').textContent = t('teamNotLoaded', error.message);
  console.error(error);
});
