// Fairtime's charts, drawn as SVG: a ring for one day's split and stacked
// bars for a week. Each chart is role="img" with a label that says the same
// in words; the pages also show the figures as a legend or a table.
import { duration, percent, percentages } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Grid steps of the bar charts, in seconds. */
const STEPS = [10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 4 * 3600, 6 * 3600];

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** "Work tools 1 hr, 5 min (50 %), Research 30 min (25 %)": shares that add up to 100 %. */
export function describe(categories) {
  const shares = percentages(categories.map((c) => c.seconds));
  return categories
    .map((c, i) => `${c.name} ${duration(c.seconds)} (${percent(shares[i])})`)
    .join(', ');
}

/**
 * A ring split by category: `categories` [{id, name, colour, seconds}] and
 * `label`, the chart's text alternative. The centre shows `centre`.
 */
export function ring(categories, { label, centre = '' }) {
  const total = categories.reduce((sum, c) => sum + c.seconds, 0);
  const svg = el('svg', { viewBox: '0 0 42 42', role: 'img', class: 'chart ring' });
  svg.setAttribute('aria-label', label);
  // r chosen so that the circumference is 100: dash lengths are percentages.
  const r = 100 / (2 * Math.PI);
  svg.append(el('circle', { cx: 21, cy: 21, r, class: 'ring-track', fill: 'none', 'stroke-width': 5 }));
  let offset = 25; // start at 12 o'clock
  for (const category of categories) {
    if (category.seconds <= 0 || total <= 0) continue;
    const length = (100 * category.seconds) / total;
    const segment = el('circle', {
      cx: 21, cy: 21, r, fill: 'none', stroke: category.colour, 'stroke-width': 5,
      'stroke-dasharray': `${length} ${100 - length}`, 'stroke-dashoffset': offset,
      'data-category': category.id,
    });
    svg.append(segment);
    offset -= length;
  }
  const text = el('text', { x: 21, y: 21, 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'ring-centre' });
  text.textContent = centre;
  text.setAttribute('aria-hidden', 'true');
  svg.append(text);
  return svg;
}

/**
 * Stacked bars, one per day: `days` [{label, seconds: {id: s}}], the
 * `categories` in stacking order [{id, colour}], and the chart's `label`.
 */
export function bars(days, categories, { label }) {
  const width = 560;
  const height = 220;
  const bottom = 24;
  const top = 8;
  const max = Math.max(1, ...days.map((d) => Object.values(d.seconds).reduce((a, b) => a + b, 0)));
  // At most five grid lines, at round durations.
  const step = STEPS.find((s) => max / s <= 5) ?? STEPS.at(-1);
  const ceiling = Math.max(step, Math.ceil(max / step) * step);
  const plot = height - bottom - top;
  const y = (seconds) => top + plot - (plot * seconds) / ceiling;
  const ticks = [];
  for (let s = 0; s <= ceiling; s += step) ticks.push([s, s === 0 ? '0' : duration(s)]);
  // Room for the longest tick label, in the page's duration style.
  const left = Math.max(44, 12 + 6.5 * Math.max(...ticks.map(([, text]) => text.length)));
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart bars' });
  svg.setAttribute('aria-label', label);
  for (const [s, text] of ticks) {
    svg.append(el('line', { x1: left, x2: width, y1: y(s), y2: y(s), class: 'grid' }));
    const tick = el('text', { x: left - 6, y: y(s), 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'axis' });
    tick.textContent = text;
    svg.append(tick);
  }
  const slot = (width - left) / days.length;
  const barWidth = Math.min(48, slot * 0.6);
  days.forEach((day, i) => {
    const x = left + slot * i + (slot - barWidth) / 2;
    let base = 0;
    for (const category of categories) {
      const seconds = day.seconds[category.id] ?? 0;
      if (seconds <= 0) continue;
      const rect = el('rect', {
        x, width: barWidth, y: y(base + seconds), height: Math.max(0.5, y(base) - y(base + seconds)),
        fill: category.colour, 'data-category': category.id, 'data-seconds': seconds,
      });
      svg.append(rect);
      base += seconds;
    }
    const name = el('text', { x: x + barWidth / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' });
    name.textContent = day.label;
    svg.append(name);
  });
  return svg;
}
