// A confirmation in a modal <dialog>: keyboard operable (Esc cancels, focus
// stays inside), and said by screen readers. `extra` is optional content
// such as a select whose value the caller reads after "ok".
const $ = (id) => document.getElementById(id);

export function confirm(text, okLabel, extra) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  $('confirm-extra').replaceChildren(...(extra ? [extra] : []));
  dialog.returnValue = 'cancel';
  dialog.showModal();
  $('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
