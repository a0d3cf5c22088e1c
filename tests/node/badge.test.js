// The toolbar badge tells every state of the core apart, and the keyboard
// commands pause for what their names say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const messages = JSON.parse(await readFile(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8'));
// The extension API as far as badge.js uses it: English messages with $1, $2.
globalThis.chrome = {
  i18n: {
    getMessage: (key, subs = []) => {
      const entry = messages[key];
      if (!entry) return '';
      return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name) => {
        const content = entry.placeholders[name.toLowerCase()].content;
        return subs[Number(content.slice(1)) - 1];
      });
    },
  },
};
const { badgeFor } = await import('../../extension/badge.js');
const { pauseMinutes } = await import('../../extension/commands.js');

const at = new Date(2026, 10, 25, 12, 30).getTime();
const category = { id: 'research', name: 'Research', colour: '#000000', work: true, seconds: 0 };

test('each state has its own badge and a tooltip that says it', () => {
  const cases = [
    [{ state: 'tracking', domain: 'docs.example.com', category }, 'on', /counting docs\.example\.com as Research/],
    [{ state: 'tracking', domain: null, category }, 'on', /counting time as Research/],
    [{ state: 'paused', until: at }, '❚❚', /paused until/],
    [{ state: 'paused', until: null }, '❚❚', /paused until you resume/],
    [{ state: 'on_break', name: 'Lunch', until: at }, 'brk', /on a break \(Lunch\) until/],
    [{ state: 'off_hours', next_change: at }, 'off', /outside your working hours until/],
    [{ state: 'idle' }, 'zz', /away/],
    [{ state: 'locked' }, 'zz', /away/],
    [{ state: 'no_consent' }, '!', /waiting for your go-ahead/],
    [{ state: 'unfocused' }, '–', /nothing is counted/],
  ];
  for (const [status, text, title] of cases) {
    const badge = badgeFor(status);
    assert.equal(badge.text, text, status.state);
    assert.match(badge.title, title, status.state);
    assert.ok(badge.text.length <= 4, 'a badge shows at most 4 characters');
  }
});

test('keyboard commands pause for their durations', async () => {
  assert.equal(pauseMinutes('pause-toggle'), null, 'until resumed');
  assert.deepEqual(['pause-5', 'pause-15', 'pause-30', 'pause-60'].map(pauseMinutes), [5, 15, 30, 60]);
  assert.equal(pauseMinutes('_execute_action'), undefined);
  const manifest = JSON.parse(await readFile(new URL('../../manifest.json', import.meta.url), 'utf8'));
  for (const command of Object.keys(manifest.commands)) {
    assert.notEqual(pauseMinutes(command), undefined, `${command} has a duration`);
  }
});
