import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES } from '../src/worker/bundle-options.js';

/** Prebuilds the workflow bundle so a worker starts without running webpack. */
const workflowsPath = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
const out = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));
const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };
const { code } = await bundleWorkflowCode({
  ...WORKFLOW_BUNDLE_OPTIONS,
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
  workflowsPath,
  logger: quiet,
});
writeFileSync(out, code);
process.stdout.write(`workflow bundle written (${Math.round(code.length / 1024)} KiB)\n`);
