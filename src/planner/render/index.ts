export { renderPlanText, type RenderTextOptions } from './text.js';
export { renderPlanJson } from './json.js';
