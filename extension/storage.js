// What the core says to store, written to storage.local: every core
// operation that changes something returns `{set, remove}`.
import { api } from './api.js';

/** Writes `changes`; whether there was anything to write. */
export async function write({ set, remove }) {
  const setting = Object.keys(set).length > 0;
  if (setting) await api.storage.local.set(set);
  if (remove.length > 0) await api.storage.local.remove(remove);
  return setting || remove.length > 0;
}
