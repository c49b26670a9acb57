export { alertWorkflow } from './alert.workflow.js';
