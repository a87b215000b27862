// The plugin's public surface: run() for the entry and for tests.
export type { PluginIo } from './run.js';
export { run } from './run.js';
export type { PluginSettings } from './settings.js';
export { readSettings, SETTINGS, SettingsError } from './settings.js';
