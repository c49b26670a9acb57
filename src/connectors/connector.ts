import type { Entity } from '../domain/alert.js';
import type { CatalogArgs, CatalogFunction } from '../domain/catalog.js';

/** One remediation (or its undo) for a connector to carry out. */
export interface ConnectorRequest {
  /** The idempotency key end to end: the same id never produces a second effect. */
  actionId: string;
  /** `execute` or `undo`: an undo of action X is keyed by (X, 'undo'). */
  operation: 'execute' | 'undo';
  /** The action type to perform (for an undo, the inverse action type). */
  type: string;
  target: Entity;
  params: Record<string, unknown>;
  /**
   * For the undo of an action that restores from a record (`restoresRecorded`): the state the forward
   * action recorded, before it changed anything, under `result.recorded` (a rule's definition as the
   * product returned it, the forwarding settings, a persistence item).
   */
  recorded?: Record<string, unknown>;
}

export interface ConnectorResult {
  /** What changed, for the action history (never secrets). */
  details: Record<string, unknown>;
  /** True when this request had already been carried out and nothing was done again. */
  replayed: boolean;
  /**
   * Set when the product accepted the request but has not reported the outcome yet (a device that
   * has not picked up its isolation): the same request, sent again after this many ms, looks again
   * without a second effect. The action stays `running` meanwhile.
   */
  checkAgainInMs?: number;
}

/** Thrown for failures that retrying cannot fix (unknown target, unsupported action). */
export class PermanentConnectorError extends Error {
  override name = 'PermanentConnectorError';
}

/** Whether a connector can do its job right now, and if not, what is wrong (never a secret). */
export interface ConnectorHealth {
  ok: boolean;
  detail: string;
}

/** One answer of the enrichment catalog: plain JSON, shaped as src/domain/catalog.ts documents. */
export type Facts = Record<string, unknown>;

/** The catalog functions a connector answers, each given arguments already validated against the catalog. */
export type FactAnswers = { [F in CatalogFunction]?: (args: CatalogArgs<F>) => Promise<Facts> };

/**
 * The boundary to the outside world: an EDR, mail platform or identity provider implements this.
 * Implementations must be idempotent on (actionId, operation).
 */
export interface Connector {
  readonly name: string;
  /** The action types (and inverses) it carries out. */
  readonly actions: readonly string[];
  execute(request: ConnectorRequest): Promise<ConnectorResult>;
  /** The catalog functions it answers (facts), when CATALOG_CONNECTORS routes them here. */
  readonly facts?: FactAnswers;
  /** A live check: credentials accepted, API reachable, permissions present. */
  health(): Promise<ConnectorHealth>;
}
