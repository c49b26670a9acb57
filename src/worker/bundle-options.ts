import type { BundleOptions } from '@temporalio/worker';

/**
 * How the workflow code is bundled, shared by the prebuilt bundle and a worker that bundles at
 * start. Each workflow run evaluates its own copy of the workflow modules; the CEL evaluator is
 * stateless (its caches hold type lookups only), so it is loaded once and shared by every run
 * instead — about 0.4 MiB less per cached workflow.
 */
export const WORKFLOW_BUNDLE_OPTIONS: Pick<BundleOptions, 'preloadModules'> = {
  preloadModules: ['@marcbachmann/cel-js'],
};
