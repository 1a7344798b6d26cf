// The collector's public API.
export { createApp, type AppDeps } from './app.js';
export { parseConfig, loadConfigFile, ConfigError, type Config, type Site, type StageRule } from './config.js';
export { withDefaults } from './defaults.js';
export { openStore } from './store/open.js';
export { SqliteStore } from './store/sqlite/sqlite-store.js';
export type { Store, StoredEvent, QuarantinedEvent, EventFilter } from './store/store.js';
export * from '../../wire/schema.js';
