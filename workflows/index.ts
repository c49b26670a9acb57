export { actionWorkflow } from './action.workflow.js';
export { alertUpdateWorkflow } from './alert-update.workflow.js';
export { alertWorkflow } from './alert.workflow.js';
export { benchBaselineWorkflow, benchWaitingWorkflow } from './bench.workflow.js';
export { investigationWorkflow } from './investigation.workflow.js';
export { sourceWorkflow } from './source.workflow.js';
export { undoActionWorkflow } from './undo.workflow.js';
export { writebackWorkflow } from './writeback.workflow.js';
export { rollbackWorkflow } from './rollback.workflow.js';
