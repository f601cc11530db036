export { registerExplorer } from './explorer';
export { DEMO_QUERY, EXPLORER_ASSETS_PATH, EXPLORER_PATH } from './explorer-page';
export { prefersHtml } from './prefers-html';
