// Loads the core exactly as it ships (target/web: the .wasm copied into
// dist/*/core, the glue bundled into the worker and the pages), for tests under
// Node (the full module unless `wake` asks for the one a waking worker
// loads, or `team` for the team pages' own module), with the English
// messages of _locales worded as the browser's i18n.getMessage does.
import { readFile } from 'node:fs/promises';

const coreDir = new URL('../../target/web/', import.meta.url);
const locales = new URL('../../extension/_locales/', import.meta.url);

/** `i18n.getMessage` over one language's messages.json. */
export async function messagesOf(language) {
  const messages = JSON.parse(await readFile(new URL(`${language}/messages.json`, locales), 'utf8'));
  return (key, substitutions = []) => {
    const entry = messages[key];
    if (!entry) return '';
    const args = [].concat(substitutions).map(String);
    const named = entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name) =>
      entry.placeholders?.[name.toLowerCase()]?.content ?? whole);
    return named.replace(/\$(\$|[1-9])/g, (_, c) => (c === '$' ? '$' : args[Number(c) - 1] ?? ''));
  };
}

export async function loadCore(language = 'en', { wake = false, team = false } = {}) {
  const name = team ? 'fairtime_team' : wake ? 'fairtime' : 'fairtime_full';
  // The glue is an ES module with a .js name outside any package.json that
  // says so; its source is imported through a data: URL as a module.
  const glue = await readFile(new URL(`${name}.js`, coreDir), 'utf8');
  const core = await import(`data:text/javascript;base64,${Buffer.from(glue).toString('base64')}`);
  core.initSync({ module: await readFile(new URL(`${name}_bg.wasm`, coreDir)) });
  core.useMessages(await messagesOf(language));
  return core;
}

/** The team pages' module (`core/fairtime_team.js`), as the options page and the team report load it. */
export const loadTeamCore = (language = 'en') => loadCore(language, { team: true });
