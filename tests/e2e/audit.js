// axe-core's accessibility audit (WCAG 2.1 A and AA rules) of a page.
import { readFile } from 'node:fs/promises';

const AXE = await readFile(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** The audit's violations, as "rule: target (what to fix)" lines. */
export async function audit(page) {
  // Through DevTools, which the pages' script-src 'self' does not restrict.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim()})`));
}
