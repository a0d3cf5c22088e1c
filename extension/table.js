// The tables of the reports, personal and team: cells, a category's name
// with its colour, and a table with a caption for screen readers.

/** A `tag` element with `text` and `data` attributes. */
export function cell(tag, text, data = {}) {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [key, value] of Object.entries(data)) node.dataset[key] = String(value);
  return node;
}

/** A category's name after a swatch of its colour: a row's header, or a `td`. */
export function swatched(category, tag = 'th') {
  const node = cell(tag, category.name);
  if (tag === 'th') node.scope = 'row';
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.setProperty('--swatch', category.colour);
  node.prepend(swatch, ' ');
  return node;
}

/** A table with a hidden caption, `columns` headers and `rows` of cells. */
export function grid(caption, columns, rows, foot = []) {
  const element = document.createElement('table');
  element.className = 'table report-table';
  const cap = document.createElement('caption');
  cap.className = 'visually-hidden';
  cap.textContent = caption;
  const head = document.createElement('tr');
  for (const column of columns) {
    const th = cell('th', column);
    th.scope = 'col';
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  body.append(...rows);
  element.append(cap, thead, body);
  if (foot.length > 0) {
    const tfoot = document.createElement('tfoot');
    tfoot.append(...foot);
    element.append(tfoot);
  }
  return element;
}
