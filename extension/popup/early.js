// Asks the worker for the popup's view as soon as the page starts, before
// popup.js and its modules have loaded: a stopped worker wakes meanwhile.
// A classic script (modules run only once all of them are loaded);
// popup.js takes the answer (`fairtimeEarly`) for its first drawing.
globalThis.fairtimeEarly = (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'popup' });
