// The keyboard commands of manifest.json: how long each one pauses.

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
