// The keyboard commands of manifest.json: how long each one pauses.
//
// Why the pause toggle suggests Alt+Shift+O:
// a browser leaves an extension's suggested key unset when it is one of its
// own shortcuts (Chromium's `CommandService::CanAutoAssign` refuses any
// `IsChromeAccelerator` key). Chromium 156 on Linux left Alt+Shift+P (the
// earlier default) unset, and of all Alt+Shift+letter keys it also refuses A,
// B, C, N, R, T, W, X and Z (measured with `chrome.commands.getAll()`). Of the
// letters it assigns, Alt+Shift+I is Google Chrome's feedback form, L, M, N,
// P, S and V are ChromeOS system keys, D, E, F and H sit next to Alt+letter
// menu keys, Q next to quitting, and Y and Z swap places on German keyboards.
// O is none of these, and neither Firefox nor Windows, macOS (where Alt is ⌥)
// or the usual Linux desktops use Alt+Shift+O. `tests/e2e/shortcut.test.js`
// checks that Chromium and Firefox assign it on install.

const PAUSES = {
  'pause-toggle': null, // until resumed; pressed again while paused, resumes
  'pause-5': 5,
  'pause-15': 15,
  'pause-30': 30,
  'pause-60': 60,
};

/** Minutes of pause for a command, `null` for "until resumed", `undefined` for none. */
export function pauseMinutes(command) {
  return Object.hasOwn(PAUSES, command) ? PAUSES[command] : undefined;
}
