export { renderPlanText, type RenderTextOptions } from './text.js';
export { renderPlanJson } from './json.js';
export { renderPlanMarkdown, planSummaryLine, type RenderPlanMarkdownOptions } from './plan-markdown.js';
export { renderReassignmentMarkdown, type RenderMarkdownOptions } from './markdown.js';
export { renderKafkaReassignmentJson, renderKafkaRollbackJson, type KafkaReassignmentEntry } from './kafka-reassignment.js';
export { parsePlanJson, restoreSavedPlan, PlanFileError, type SavedPlan } from './parse-json.js';
