// The analyst UI's public API: its routes (mounted at `/` by app.ts) and its client build.
export { actionsUiRoutes } from './actions-routes.js';
export { uiRoutes, UI_PAGES } from './routes/index.js';
