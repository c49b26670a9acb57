export { alertWorkflow } from './alert.workflow.js';
export { benchBaselineWorkflow } from './bench.workflow.js';
