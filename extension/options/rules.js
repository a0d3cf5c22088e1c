// The Categories and rules section: categories (add, rename, recolour, work
// or not, delete), rules (add, edit, delete), "test a domain" and restoring
// the default rules. Every change is one edit the core checks and applies;
// its answer (the whole rule book) is drawn again.
import { ask } from '../api.js';
import { t, tn } from '../i18n.js';
import { confirm } from './confirm.js';
import { say } from './settings.js';
import { readSite, site } from './sites.js';

const $ = (id) => document.getElementById(id);
const UNCATEGORIZED = 'uncategorized';

let book = { categories: [], rules: [] };

function button(text, label, onClick, className = '') {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

function swatch(colour) {
  const span = document.createElement('span');
  span.className = 'swatch';
  span.style.setProperty('--swatch', colour);
  span.setAttribute('aria-hidden', 'true');
  return span;
}

/** The categories a rule can name: the person's and Uncategorized. */
function categoryOptions(select, selected) {
  const options = [...book.categories, { id: UNCATEGORIZED, name: t('uncategorized') }].map((c) => {
    const option = document.createElement('option');
    option.value = c.id;
    option.textContent = c.name;
    option.selected = c.id === selected;
    return option;
  });
  select.replaceChildren(...options);
}

const nameOf = (id) => book.categories.find((c) => c.id === id)?.name ?? t('uncategorized');
const colourOf = (id) => book.categories.find((c) => c.id === id)?.colour ?? '#9ca3af';

/** Edits that only rename, recolour or add: no site changes category. */
const KEEPS_FILING = new Set(['add_category', 'rename_category', 'recolour_category', 'set_category_work']);

/** Applies one edit; on success draws the new book and says `done`. */
async function edit(change, done) {
  $('rules-error').textContent = '';
  try {
    book = await ask('editRules', { edit: change });
    draw();
    // The core re-filed each site's earlier time, except time kept without names.
    const kept = !KEEPS_FILING.has(change.op) && book.unnamed_days > 0;
    if (done) say($('rules-status'), kept ? `${done} ${t('refileUnnamedKept')}` : done);
    return true;
  } catch (error) {
    $('rules-error').textContent = t('notSaved', error.message);
    return false;
  }
}

function categoryRow(category) {
  const tr = document.createElement('tr');
  tr.dataset.category = category.id;
  const colour = document.createElement('input');
  colour.type = 'color';
  colour.value = category.colour;
  colour.setAttribute('aria-label', t('colourOf', category.name));
  colour.addEventListener('change', () => edit({ op: 'recolour_category', id: category.id, colour: colour.value },
    t('categoryRecoloured', category.name)));
  const name = document.createElement('input');
  name.className = 'name';
  name.value = category.name;
  name.maxLength = 40;
  name.setAttribute('aria-label', t('nameOf', category.name));
  const rename = async () => {
    const value = name.value.trim();
    if (value === category.name) return;
    if (!(await edit({ op: 'rename_category', id: category.id, name: value }, t('categoryRenamed', category.name, value)))) {
      name.value = category.name;
    }
  };
  name.addEventListener('change', rename);
  name.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); rename(); } });
  const work = document.createElement('input');
  work.type = 'checkbox';
  work.checked = category.work;
  work.setAttribute('aria-label', t('workOf', category.name));
  work.addEventListener('change', () => edit({ op: 'set_category_work', id: category.id, work: work.checked },
    work.checked ? t('countsAsWork', category.name) : t('countsNotAsWork', category.name)));
  const used = book.rules.filter((r) => r.category === category.id).length;
  const cells = [colour, name, work, document.createTextNode(String(used)),
    button(t('delete'), t('deleteCategory', category.name), () => removeCategory(category, used), 'danger')];
  for (const content of cells) {
    const td = document.createElement('td');
    td.append(content);
    tr.append(td);
  }
  return tr;
}

async function removeCategory(category, used) {
  let select;
  if (used > 0) {
    const label = document.createElement('label');
    label.textContent = tn('moveRulesTo', used, String(used));
    select = document.createElement('select');
    select.id = 'move-rules-to';
    categoryOptions(select, UNCATEGORIZED);
    select.querySelector(`option[value="${category.id}"]`)?.remove();
    label.append(' ', select);
    if (!(await confirm(t('confirmDeleteCategory', category.name), t('delete'), label))) return;
  } else if (!(await confirm(t('confirmDeleteCategory', category.name), t('delete')))) {
    return;
  }
  const tr = $('categories').querySelector(`tr[data-category="${CSS.escape(category.id)}"]`);
  const next = tr?.nextElementSibling?.dataset.category ?? tr?.previousElementSibling?.dataset.category;
  if (await edit({ op: 'delete_category', id: category.id, move_rules_to: select?.value }, t('categoryDeleted', category.name))) {
    focusRow('#categories', 'category', next, 'new-category-name');
  }
}

/**
 * After a row is deleted, focus goes to the Delete button of the row that
 * took its place (or the one before), else to the field that adds one.
 */
function focusRow(table, key, value, fallback) {
  const row = value === undefined ? null : document.querySelector(`${table} tbody tr[data-${key}="${CSS.escape(value)}"]`);
  const target = [...(row?.querySelectorAll('button') ?? [])].at(-1);
  (target ?? $(fallback)).focus();
}

function ruleRow(rule) {
  const shown = site(rule.pattern);
  const tr = document.createElement('tr');
  tr.dataset.pattern = rule.pattern;
  tr.dataset.category = rule.category;
  const pattern = document.createElement('td');
  pattern.className = 'pattern';
  pattern.textContent = shown;
  const category = document.createElement('td');
  category.append(swatch(colourOf(rule.category)), ' ', nameOf(rule.category));
  const actions = document.createElement('td');
  actions.className = 'row-actions';
  actions.append(
    button(t('edit'), t('editRule', shown), () => editRow(tr, rule)),
    button(t('delete'), t('deleteRule', shown), async () => {
      const next = tr.nextElementSibling?.dataset.pattern ?? tr.previousElementSibling?.dataset.pattern;
      if (await edit({ op: 'delete_rule', pattern: rule.pattern }, t('ruleDeleted', shown))) {
        focusRow('#rule-list', 'pattern', next, 'new-rule-pattern');
      }
    }, 'danger'),
  );
  tr.append(pattern, category, actions);
  return tr;
}

/** Turns a rule's row into a small form: pattern, category, save, cancel. */
function editRow(tr, rule) {
  const pattern = document.createElement('input');
  pattern.value = site(rule.pattern);
  pattern.spellcheck = false;
  pattern.setAttribute('aria-label', t('patternOf', site(rule.pattern)));
  const select = document.createElement('select');
  select.setAttribute('aria-label', t('categoryOf', site(rule.pattern)));
  categoryOptions(select, rule.category);
  const save = async () => {
    await edit({ op: 'edit_rule', pattern: rule.pattern, new_pattern: pattern.value.trim(), category: select.value },
      t('ruleSaved', shownAs(pattern.value)));
  };
  pattern.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') save();
    if (event.key === 'Escape') tr.replaceWith(ruleRow(rule));
  });
  const cells = [pattern, select];
  tr.replaceChildren(...cells.map((c) => { const td = document.createElement('td'); td.append(c); return td; }));
  const actions = document.createElement('td');
  actions.className = 'row-actions';
  actions.append(
    button(t('save'), t('saveRule', site(rule.pattern)), save, 'primary'),
    button(t('cancel'), t('cancelEdit', site(rule.pattern)), () => {
      const row = ruleRow(rule);
      tr.replaceWith(row);
      row.querySelector('button').focus();
    }),
  );
  tr.append(actions);
  pattern.focus();
}

function drawRules() {
  const filter = $('rule-filter').value.trim().toLowerCase();
  const shown = book.rules.filter((r) => !filter || r.pattern.includes(filter)
    || site(r.pattern).toLowerCase().includes(filter) || nameOf(r.category).toLowerCase().includes(filter));
  $('rule-list').tBodies[0].replaceChildren(...shown.map(ruleRow));
  $('rule-count').textContent = tn('ruleCount', book.rules.length, String(shown.length), String(book.rules.length));
}

function draw() {
  $('categories').tBodies[0].replaceChildren(...book.categories.map(categoryRow));
  categoryOptions($('new-rule-category'), $('new-rule-category').value || book.categories[0]?.id);
  drawRules();
}

/** What was typed in the rule field as the rule list will show it ("*.bücher.de" for "*.xn--bcher-kva.de"). */
function shownAs(typed) {
  try {
    return readSite(typed, 'rule').display;
  } catch {
    return typed.trim(); // refused: the core's reason is shown instead
  }
}

/** The explanation in the page's language, from the core's answer. */
function explanation(view) {
  const host = view.display ?? view.host;
  let text = view.rule
    ? t('explainRule', host, site(view.rule), view.category.name)
    : t('explainNoRule', host, view.category.name);
  if (view.excluded) text += ` ${t('explainExcluded')}`;
  return text;
}

/** The site "Test a site" last explained: `{ host, category }`. */
let tested;

async function testSite() {
  const result = $('test-result');
  result.classList.remove('error');
  delete result.dataset.rule;
  delete result.dataset.category;
  try {
    const view = await ask('explain', { input: $('test-input').value.trim() });
    result.textContent = explanation(view);
    result.dataset.rule = view.rule ?? '';
    result.dataset.category = view.category.id;
    result.dataset.excluded = String(view.excluded);
    // A rule for exactly this site is changed rather than another added.
    const own = typeof view.rule === 'string' && view.rule.replace(/^(=|\*\.)/, '') === view.host;
    tested = { host: view.host, rule: view.rule, own };
    $('test-add-label').textContent = t(own ? 'testEditCategory' : 'testAddCategory');
    $('test-add-button').textContent = t(own ? 'testEditRule' : 'testAddRule');
    // An uncategorized site is offered the first category, the likelier choice.
    const offered = view.category.id === UNCATEGORIZED ? book.categories[0]?.id : view.category.id;
    categoryOptions($('test-add-category'), offered ?? UNCATEGORIZED);
    $('test-add').hidden = false;
  } catch (error) {
    result.textContent = error.message;
    result.classList.add('error');
    tested = undefined;
    $('test-add').hidden = true;
  }
}

/** "Add a rule for this site": the rule appears filtered and focused, the test is run again. */
async function addTestedRule() {
  if (!tested) return;
  const { host, rule, own } = tested;
  const category = $('test-add-category').value;
  const done = own ? t('ruleChanged', site(rule), nameOf(category)) : t('ruleAdded', host, nameOf(category));
  if (!(await edit({ op: 'file_site', domain: host, category }, done))) return;
  await testSite();
  const pattern = tested?.rule ?? host;
  $('rule-filter').value = pattern;
  drawRules();
  const row = [...$('rule-list').tBodies[0].rows].find((r) => r.dataset.pattern === pattern);
  if (row) {
    row.tabIndex = -1;
    row.classList.add('fresh');
    row.focus();
  }
}

export function setupRules(rules) {
  book = rules;
  draw();
  $('rule-filter').addEventListener('input', drawRules);
  $('add-category').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('new-category-name').value.trim();
    if (await edit({ op: 'add_category', name, colour: $('new-category-colour').value, work: $('new-category-work').checked },
      t('categoryAdded', name))) {
      $('new-category-name').value = '';
    }
  });
  $('add-rule').addEventListener('submit', async (event) => {
    event.preventDefault();
    const pattern = $('new-rule-pattern').value.trim();
    if (await edit({ op: 'add_rule', pattern, category: $('new-rule-category').value },
      t('ruleAdded', shownAs(pattern), nameOf($('new-rule-category').value)))) {
      $('new-rule-pattern').value = '';
    }
  });
  $('test-domain').addEventListener('submit', (event) => {
    event.preventDefault();
    testSite();
  });
  $('test-add').addEventListener('submit', (event) => {
    event.preventDefault();
    addTestedRule();
  });
  $('restore-defaults').addEventListener('click', async () => {
    if (await confirm(t('confirmRestore'), t('restoreDefaults'))) await edit({ op: 'restore_defaults' }, t('restored'));
  });
  return (rules) => {
    book = rules;
    draw();
  };
}
