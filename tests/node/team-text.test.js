// The team pages' plain helpers (extension/team/text.js): ISO weeks of the
// local calendar, and codes split out of text pasted from a chat or a mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysOf, fileWord, recentWeeks, slug, splitCodes, today, weekOf } from '../../extension/team/text.js';

test('ISO weeks: the Thursday decides the year, Monday to Sunday', () => {
  assert.equal(weekOf('2026-11-23'), '2026-W48');
  assert.equal(weekOf('2026-11-29'), '2026-W48');
  assert.equal(weekOf('2026-11-30'), '2026-W49');
  assert.equal(weekOf('2027-01-01'), '2026-W53'); // 2026 has 53 weeks
  assert.equal(weekOf('2024-12-30'), '2025-W01');
  assert.equal(weekOf('2021-01-03'), '2020-W53');
  assert.deepEqual(daysOf('2026-W48'), { first: '2026-11-23', last: '2026-11-29' });
  assert.deepEqual(daysOf('2025-W01'), { first: '2024-12-30', last: '2025-01-05' });
  assert.deepEqual(daysOf('2026-W53'), { first: '2026-12-28', last: '2027-01-03' });
  // Every day of four years lies in the week whose days hold it.
  for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 86_400_000) {
    const day = new Date(ms).toISOString().slice(0, 10);
    const { first, last } = daysOf(weekOf(day));
    assert.ok(first <= day && day <= last, day);
    assert.equal(new Date(`${first}T00:00:00Z`).getUTCDay(), 1, day);
  }
});

test('the weeks offered for a new team: this one and the 12 before, across a new year', () => {
  const weeks = recentWeeks(12, '2027-01-06');
  assert.equal(weeks.length, 13);
  assert.deepEqual(weeks.slice(0, 3), ['2027-W01', '2026-W53', '2026-W52']);
  assert.equal(weeks.at(-1), '2026-W42'); // 2026 has a week 53
  assert.match(today(), /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(today(new Date(2026, 10, 23, 23, 59)), '2026-11-23');
});

test('codes pasted one per line, blank-separated, wrapped by a mail app, or among chat lines', () => {
  const a = `fairtime-week-1:${'AAAAbbbbCCCCdddd'.repeat(5)}`;
  const b = `fairtime-week-1:${'EEEE_ffff-GGGG12'.repeat(5)}`;
  assert.deepEqual(splitCodes(`${a}\n${b}`), [a, b]);
  assert.deepEqual(splitCodes(`  ${a}\n\n\n${b}  \n`), [a, b]);
  assert.deepEqual(splitCodes(`${a} ${b}`), [a, b]);
  // Wrapped: the lines after a long line of a code that hold only a code's letters belong to it.
  const wrap = (code) => code.match(/.{1,30}/g).join('\r\n');
  assert.deepEqual(splitCodes(`${wrap(a)}\n${wrap(b)}`), [a, b]);
  assert.deepEqual(splitCodes(`${wrap(a)}\nthanks\n${b}`), [a, 'thanks', b]);
  // Chat lines between codes are pieces of their own (the core refuses them with a reason).
  assert.deepEqual(splitCodes(`Alex, 10:32\n${a}\nBo, 10:35:\n${b}\nthanks!`), ['Alex, 10:32', a, 'Bo, 10:35:', b, 'thanks!']);
  // Words after a code on its line are not part of it, nor a line of several words,
  // nor a word after the short last line of a wrapped code.
  assert.deepEqual(splitCodes(`${a} see you\n${b}`), [a, 'see you', b]);
  assert.deepEqual(splitCodes(`${a}\nsee you\n${b}`), [a, 'see you', b]);
  assert.deepEqual(splitCodes(`${wrap(a)}\nthanks`), [a, 'thanks']); // its last line: 6 characters
  // (A lone word of code letters on the line after a whole long code cannot be told from
  // the code's wrapped end: it is joined, and the core refuses the code as damaged.)
  assert.deepEqual(splitCodes(`${a}\nhello`), [`${a}hello`]);
  assert.deepEqual(splitCodes('hello'), ['hello']);
  assert.deepEqual(splitCodes(' \n '), []);
  // The prefix in another case is still a code's start (the core judges it).
  assert.deepEqual(splitCodes('FAIRTIME-WEEK-1:X'), ['FAIRTIME-WEEK-1:X']);
});

test('names as ids and file names: ASCII letters, digits and hyphens', () => {
  assert.equal(slug('Research & docs'), 'research-docs');
  assert.equal(slug('Müller Öffentlichkeit'), 'muller-offentlichkeit');
  assert.equal(slug('日本'), '');
  assert.equal(fileWord('日本'), 'team');
  assert.equal(fileWord('  The A-Team!  '), 'the-a-team');
  assert.ok(slug('x'.repeat(60)).length <= 40);
});
