// The core's own sentences (errors, the import preview, default names) come
// from _locales: with the German messages installed, the shipped core speaks
// German. (crate/build.rs fails the build for a key missing in English, and
// locales.test.js wants every English key in German.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore('de');
const start = new Date(2026, 10, 25, 10, 0, 0).getTime(); // a Wednesday, 10:00 local

test('an impossible schedule is refused in German, naming the day', () => {
  const tracker = new core.Tracker(undefined, start);
  const settings = tracker.settings();
  settings.schedule.hours.tue = ['13:00-12:00'];
  assert.throws(() => tracker.setSettings(settings, start), {
    message: /^Dienstag: 13:00–12:00 endet, bevor es beginnt; .*von 13:00 bis Mitternacht und von Mitternacht bis 12:00/,
  });
});

test('rule, category and import errors are German; nothing changes', () => {
  const tracker = new core.Tracker(undefined, start);
  const before = JSON.stringify([tracker.settings(), tracker.rules()]);
  assert.throws(() => tracker.editRules({ op: 'add_rule', pattern: 'keine Website', category: 'work' }, start),
    { message: '„keine Website“ ist keine Website: Geben Sie eine ein, etwa example.com, fügen Sie ihre Adresse ein oder geben Sie *.example.com für ihre Subdomains ein.' });
  assert.throws(() => tracker.editRules({ op: 'delete_category', id: 'uncategorized' }, start),
    { message: '„Ohne Kategorie“ ist eingebaut und kann nicht gelöscht werden.' });
  assert.throws(() => tracker.previewImport({ settings: { idle_secnds: 5 } }),
    { message: 'diese Datei kann nicht importiert werden: sie enthält einen Eintrag, den Fairtime nicht kennt: „idle_secnds“ in „settings“' });
  assert.throws(() => tracker.previewImport({ settings: { idle_seconds: 'soon' } }),
    { message: /^diese Datei kann nicht importiert werden: sie enthält Text „soon“, wo Fairtime .* erwartet$/ });
  assert.throws(() => tracker.previewImport({ format: 'other' }),
    { message: 'diese Datei ist kein Fairtime-Export (ihr Format ist „other“)' });
  assert.equal(JSON.stringify([tracker.settings(), tracker.rules()]), before);
});

test('the import preview is German', () => {
  const tracker = new core.Tracker(undefined, start);
  const settings = tracker.settings();
  settings.schedule.hours.sat = ['10:00-12:00'];
  settings.idle_seconds = 300;
  settings.schedule.breaks = [{ name: 'Lunch', time: '12:00-13:00', days: ['mon', 'fri'] }];
  const rules = tracker.rules();
  rules.rules.push({ pattern: 'intranet.example', category: 'work' });
  assert.deepEqual(tracker.previewImport({ settings, rules }), [
    'Samstag: keine Arbeit → 10:00–12:00',
    'Pausen: Mittagspause 12:00–13:00 → Lunch 12:00–13:00 (Montag, Freitag)',
    'Abwesend nach 3 Min. ohne Eingabe → 5 Min.',
    'Neue Regel intranet.example → Arbeitswerkzeuge',
  ]);
});
