// The toolbar popup opened while the service worker is stopped, as it is
// after 30 s without events: the popup asks for its view as its page starts
// (popup/early.js), which wakes the worker, and draws at once the copy of
// its view the worker left in storage.session (extension/snapshot.js); its
// first drawing shows exactly what was counted, copy or answer.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep, until } from './browser.js';
import { alwaysWorking } from './counted.js';

let h;
after(async () => { await h?.close(); });

/** Opens the real toolbar popup from an extension page (the worker may be stopped) and reads its first drawing. */
async function openToolbarPopup() {
  const driver = await h.storagePage();
  await driver.evaluate(() => chrome.action.openPopup());
  const target = await until('the toolbar popup', async () => {
    const { targetInfos } = await h.cdp.send('Target.getTargets');
    return targetInfos.find((t) => t.url === h.url('popup/popup.html') && t.type === 'page');
  });
  const { sessionId } = await h.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  const read = `document.body.dataset.rendered !== 'true' ? null : JSON.stringify({
    state: document.getElementById('state').dataset.state,
    legend: Object.fromEntries([...document.querySelectorAll('#legend li')].map((li) => [li.dataset.category, Number(li.dataset.seconds)])),
    domains: Object.fromEntries([...document.querySelectorAll('#domain-list li')].map((li) => [li.dataset.domain, Number(li.dataset.seconds)])),
    worked: Number(document.getElementById('worked').dataset.seconds),
  })`;
  const drawn = await until('the popup to draw', async () => {
    const { result } = await h.cdp.send('Runtime.evaluate', { expression: read, returnByValue: true }, sessionId);
    return result.value ? JSON.parse(result.value) : undefined;
  });
  // Whether the first drawing was the worker's last copy (extension/snapshot.js).
  const marks = `(() => {
    const [rendered] = performance.getEntriesByName('fairtime:rendered');
    const [answered] = performance.getEntriesByName('fairtime:answered');
    return answered ? String(rendered.startTime < answered.startTime) : null;
  })()`;
  drawn.copyFirst = await until('the worker to answer', async () => {
    const { result } = await h.cdp.send('Runtime.evaluate', { expression: marks, returnByValue: true }, sessionId);
    return result.value ?? undefined;
  }) === 'true';
  await h.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  await h.cdp.send('Target.closeTarget', { targetId: target.targetId });
  return drawn;
}

/** The core's today as the popup shows it. */
function shown(today) {
  return {
    legend: Object.fromEntries(today.categories.filter((c) => c.seconds > 0).map((c) => [c.id, c.seconds])),
    domains: Object.fromEntries(today.top_domains.map((d) => [d.domain, d.seconds])),
    worked: today.work_seconds,
  };
}

test('a toolbar popup opened on a stopped worker shows what was counted', async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  await sleep(2500);
  const github = await h.open('https://github.com/');
  await h.focus(github);
  await sleep(2500);

  // Paused: the figures hold still, so the popup must show them exactly.
  await h.ask('pause', {});
  const paused = shown(await h.ask('today'));
  assert.ok(paused.legend.work >= 2 && paused.legend.development >= 2, JSON.stringify(paused));
  await h.stopWorker();
  const first = await openToolbarPopup();
  assert.equal(first.state, 'paused');
  assert.deepEqual({ legend: first.legend, domains: first.domains, worked: first.worked }, paused);
  assert.equal(first.copyFirst, true, 'a paused view is drawn from the copy before the worker answers');

  // No copy (storage.session emptied): the popup waits for the answer.
  const driver = await h.storagePage();
  await driver.evaluate(() => chrome.storage.session.remove('popupView'));
  await h.stopWorker();
  const uncopied = await openToolbarPopup();
  assert.equal(uncopied.copyFirst, false);
  assert.deepEqual({ legend: uncopied.legend, domains: uncopied.domains, worked: uncopied.worked }, paused);

  // Counting: what the popup shows lies between what was counted before it
  // opened and after it was drawn, and nothing counts twice.
  await h.ask('resume');
  await h.focus(github);
  await sleep(1500);
  const before = shown(await h.ask('today'));
  await h.focus(github);
  await sleep(150);
  await h.stopWorker();
  // (Opening the popup may take the focus from the window: the core then
  // stops counting, which the popup may show.)
  const counting = await openToolbarPopup();
  const afterwards = shown(await h.ask('today'));
  assert.ok(['tracking', 'unfocused'].includes(counting.state), counting.state);
  assert.equal(counting.legend.work, before.legend.work, 'no time moves to the site not in front');
  assert.ok(counting.legend.development >= before.legend.development, `${counting.legend.development} >= ${before.legend.development}`);
  assert.ok(counting.legend.development <= afterwards.legend.development, `${counting.legend.development} <= ${afterwards.legend.development}`);
  assert.ok(counting.domains['github.com'] <= afterwards.domains['github.com']);
  assert.ok(counting.worked >= before.worked && counting.worked <= afterwards.worked);
});
