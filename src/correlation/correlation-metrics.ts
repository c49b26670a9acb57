import { Counter } from 'prom-client';
import { metricsRegistry } from '../http/metrics.js';

/**
 * Alerts this process correlated for the first time. Its rate, summed over the workers, is the
 * drain rate of the alert backlog (`quell_alert_backlog`).
 */
export const alertsCorrelated = new Counter({
  name: 'quell_alerts_correlated_total',
  help: 'Alerts correlated into an incident for the first time by this process',
  registers: [metricsRegistry],
});
