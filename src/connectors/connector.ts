import type { Entity } from '../domain/alert.js';

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
}

export interface ConnectorResult {
  /** What changed, for the action history (never secrets). */
  details: Record<string, unknown>;
  /** True when this request had already been carried out and nothing was done again. */
  replayed: boolean;
}

/** Thrown for failures that retrying cannot fix (unknown target, unsupported action). */
export class PermanentConnectorError extends Error {
  override name = 'PermanentConnectorError';
}

/**
 * The boundary to the outside world: an EDR, mail platform or identity provider implements this.
 * Implementations must be idempotent on (actionId, operation).
 */
export interface Connector {
  readonly name: string;
  execute(request: ConnectorRequest): Promise<ConnectorResult>;
}
