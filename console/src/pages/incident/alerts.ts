/** The timeline entry of an alert, for links from the graph and the activity log. */
export const alertAnchor = (alertId: string) => `alert-${alertId}`;

/** Scrolls to the alert's entry on the attack story and moves the focus there (a screen reader reads it). */
export function showAlert(alertId: string): void {
  const entry = document.getElementById(alertAnchor(alertId));
  if (!entry) return;
  entry.scrollIntoView({ block: 'center' });
  entry.focus({ preventScroll: true });
}
