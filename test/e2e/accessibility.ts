import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser build, evaluated in the page through the DevTools protocol (which the page's CSP does not govern). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts a page must not have. */
const BLOCKING = new Set(['serious', 'critical']);

export interface Violation {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Runs axe-core's WCAG 2.x A/AA rules on the page as it is now and returns the serious and critical violations. */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  const found = await page.evaluate<Violation[]>(`(() => {
    ${AXE_SOURCE}
    return axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({
        rule: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })));
  })()`);
  return found.filter((v) => BLOCKING.has(v.impact));
}
