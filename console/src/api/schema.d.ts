/**
 * Generated from Quell's OpenAPI document by `npm run api:types`; do not edit.
 * test/unit/console-api-types.test.ts fails when the document and this file disagree.
 */

export interface paths {
    "/api/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never the keys themselves) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key; the key itself is shown only in this response */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller: name, role and the person behind the key, session or token */
        get: operations["getCaller"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Scoped role assignments, optionally of one subject */
        get: operations["listRoleAssignments"];
        put?: never;
        /** Give a subject a role within a scope (201; 200 with the existing one when it already holds it) */
        post: operations["createRoleAssignment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-assignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a role assignment */
        delete: operations["deleteRoleAssignment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How to sign in: the OpenID provider, when one is configured */
        get: operations["getSignInOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the caller's console session (a key or a bearer token has none to end) */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People who have signed in (deactivated ones with includeDeactivated=true) */
        get: operations["listPeople"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A person leaves: end their sessions, revoke their keys, remove their role assignments, withdraw their approvals of pending actions; audited */
        post: operations["deactivatePerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A person deactivated by mistake, or who came back, may sign in again; nothing the deactivation ended comes back; audited */
        post: operations["reactivatePerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List alerts, newest first, with cursor paging */
        get: operations["listAlerts"];
        put?: never;
        /**
         * Ingest one alert or a batch of up to 500
         * @description Native format by default; `format=msgraph|sentinel|ocsf` maps vendor payloads. An invalid batch stores nothing. 202 means committed: the workflows start in the workers, and a committed alert is processed even if every process stops right after. 429 with `Retry-After`, storing nothing, while more alerts than `ALERT_BACKLOG_LIMIT` wait to be correlated or the key sends faster than `INGEST_RATE_LIMIT`.
         */
        post: operations["ingestAlerts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert with its incident and correlation decision */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The alert's append-only log: updates from its detector (with what changed) and write-backs to it */
        get: operations["listAlertActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an alert to another open incident, or (without incidentId) to a new one */
        post: operations["moveAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The incident queue
         * @description Default view: last 30 days of activity, status active or in_progress, informational hidden. Keyset cursor paging.
         */
        get: operations["listIncidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Incidents changed since a cursor (ids, update times and versions): poll it to keep a view current
         * @description Oldest change first, keyset on (updatedAt, id). A change shows after 2 s, so none committed late is skipped.
         */
        get: operations["listIncidentChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The same changes on up to 100 incidents; an invalid request changes nothing */
        post: operations["updateIncidents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One incident with alerts, impacted assets, comments and activity; returns an ETag */
        get: operations["getIncident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, assign, change status/severity/classification/tags; If-Match gives 412 on a stale write */
        patch: operations["updateIncident"];
        trace?: never;
    };
    "/api/v1/incidents/{id}/graph": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The incident's alerts and the entities they name, with verdicts, as a graph (at most 200 alerts, 500 entities) */
        get: operations["getIncidentGraph"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Comment on an incident (a merged one passes the comment to the incident it lives on as) */
        post: operations["addIncidentComment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The append-only audit log (also of incidents merged into this one) */
        get: operations["listIncidentActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Merge up to 5 incidents into this one */
        post: operations["mergeIncidents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tags in use, with counts */
        get: operations["listTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/soc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SOC metrics: volumes, time to assign and resolve, automation share, classifications, open backlog */
        get: operations["getSocMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/investigations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Investigations, newest first, with cursor paging */
        get: operations["listInvestigations"];
        put?: never;
        /** Investigate an incident (all its alerts) or one alert by hand */
        post: operations["startInvestigation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/investigations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts, playbook runs with every step, evidence with verdicts, actions, log and graph data */
        get: operations["getInvestigation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/investigations/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop the investigation (terminated_by_user); its pending actions are withdrawn */
        post: operations["cancelInvestigation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The action center: pending actions and history, newest first */
        get: operations["listActions"];
        put?: never;
        /** Request a manual action; it goes through the automation policy and approvals */
        post: operations["requestAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/decide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or reject many actions of one type */
        post: operations["decideActions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One action with its full history: proposal, policy, decisions, executions, undo */
        get: operations["getAction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/impact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What approving the action would do — evidence chain, target facts, what else it contains, how it is undone, and the playbook dry run after approval or rejection — now and as it was when proposed */
        get: operations["getActionImpact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a pending action (409 when it is not pending or the decision is refused) */
        post: operations["approveAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a pending action (409 when it is not pending or the decision is refused) */
        post: operations["rejectAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/undo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the inverse of a succeeded reversible action (409 when there is none): 200 once the product reports it done, 202 while it is still in progress */
        post: operations["undoAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move the end of a time-boxed containment to durationSeconds from now (409 when the action is not contained) */
        post: operations["renewAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Try a failed action again: 200 once the product reports the outcome, 202 while it is still in progress */
        post: operations["retryAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Automation levels and approval rules in force; returns an ETag */
        get: operations["getAutomation"];
        /** Replace the automation settings (missing fields take their defaults); If-Match gives 412 on a stale write */
        put: operations["putAutomation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation/shadow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The candidate automation settings in shadow, who started it and when */
        get: operations["getAutomationShadow"];
        /** Put candidate automation settings in shadow (same body as PUT /automation); replaces the shadow running before */
        put: operations["putAutomationShadow"];
        post?: never;
        /** End the shadow; its decisions stay recorded */
        delete: operations["deleteAutomationShadow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation/shadow/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Decisions the candidate settings would change since the shadow began, by action type and device group, with action ids */
        get: operations["getAutomationShadowReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation/shadow/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make the candidate settings live (If-Match: the live settings’ ETag), record the report it was promoted on, end the shadow */
        post: operations["promoteAutomationShadow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a rollback would undo (the automated actions, the last taken first) and what a person must reverse by hand */
        get: operations["getRollbackPlan"];
        put?: never;
        /** Undo every reversible action automation took for the incident, in reverse order, as one tracked operation: 202 once started with confirm: true; without it, 200 with the plan and nothing changed */
        post: operations["rollbackIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/rollback/{operationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rollback operation: its status and each action’s result */
        get: operations["getRollback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live playbooks (a promoted version in place of its file), and the files that were skipped with their errors */
        get: operations["listPlaybooks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Validate playbook YAML (send text/yaml, or JSON {yaml}); errors carry line, column and field path */
        post: operations["validatePlaybook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dry-run a playbook against an alert: no writes, no remediation; the full trace */
        post: operations["simulatePlaybook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reload playbooks from disk; running investigations keep the versions they pinned */
        post: operations["reloadPlaybooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The live version of a playbook: source, parsed form, hash and the alerts it covers */
        get: operations["getPlaybook"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A playbook's stored versions and which one is live (the file or a promoted version) */
        get: operations["listPlaybookVersions"];
        put?: never;
        /** Register a candidate version (validated like a file; the same YAML twice is one version); it changes nothing until promoted */
        post: operations["registerPlaybookVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}/versions/{versionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Run a version in shadow beside the live one on live alerts (no effects), or stop it */
        patch: operations["setPlaybookVersionShadow"];
        trace?: never;
    };
    "/api/v1/playbooks/{name}/versions/{versionId}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a version live on the evidence of its completed backtests or shadow runs; audited. New investigations run it; running ones keep theirs */
        post: operations["promotePlaybookVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw the promoted version: the file in playbooks/ is live again; audited */
        post: operations["revertPlaybook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}/shadow-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shadow runs of the playbook's versions, each diffed against the live run on the same alert */
        get: operations["listShadowRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}/backtests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a version over the stored alerts received in [from, to) as a workflow, with read-only look-ups and no effects */
        post: operations["startBacktest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/playbooks/{name}/backtests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A backtest: progress (done/total) and per alert type what would have changed, with examples */
        get: operations["getBacktest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscriptions with their last delivery status */
        get: operations["listWebhooks"];
        put?: never;
        /** Subscribe a URL to events; the signing secret is shown only in this response */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent deliveries of a webhook with their status */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a webhook subscription and its queued deliveries */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Configured connectors: the actions each carries out, the action families, action types and catalog functions routed to it, a live health check, and routes nobody can serve */
        get: operations["listConnectors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/seed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Seed (or reset) the demo organisation, Contoso, in the lab */
        post: operations["seedLab"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lab devices: group, isolation, app restriction, AV scans, investigation packages */
        get: operations["listLabDevices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lab accounts: enabled, admin, risk, compromised, password resets and session revocations */
        get: operations["listLabUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/mailboxes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lab mailboxes: external forwarding and inbox rules */
        get: operations["listLabMailboxes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lab e-mail messages, newest first; filter by mailbox or sender */
        get: operations["listLabMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Files on lab devices, with quarantine state */
        get: operations["listLabFiles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/persistence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Persistence entries on lab devices (run keys, scheduled tasks, services) */
        get: operations["listLabPersistence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/blocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Blocked senders, URLs and IP addresses */
        get: operations["listLabBlocks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/signins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign-ins, newest first; filter by upn */
        get: operations["listLabSignins"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/effects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every effect the lab connector carried out (its idempotency ledger); filter by actionId */
        get: operations["listLabEffects"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List indicators, newest first; filter by type, verdict, value (matched in normalised form); cursor paging */
        get: operations["listIndicators"];
        put?: never;
        /** Add or update one indicator or up to 1000 (upsert by type and value); values are stored normalised */
        post: operations["createIndicators"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an indicator; answers with the deleted row */
        delete: operations["deleteIndicator"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a STIX 2.1 bundle or CSV
         * @description `format=stix`: the bundle as the body; indicator patterns on file hashes, url, ipv4/ipv6-addr and domain-name values. `format=csv`: `{"csv": "type,value,verdict,source,description\n…"}`. Valid rows are stored; bad ones are reported by line or index.
         */
        post: operations["importIndicators"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pull sources with their cursor, lag, counts and last error */
        get: operations["listSources"];
        put?: never;
        /** Create a pull source (the SOURCES_CONFIG shape, its client secret as env:NAME or file:/path) and start polling it */
        post: operations["createSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace the settings of a source created through the API (its kind and cursor are kept); the next page uses them */
        put: operations["replaceSource"];
        post?: never;
        /** Delete a source created through the API: its polling and cursor end, the alerts it pulled stay */
        delete: operations["deleteSource"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{name}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop polling a source (its cursor is kept) */
        post: operations["pauseSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Poll a paused source again, from where it stopped */
        post: operations["resumeSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{name}/backfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move the cursor back: pull again everything updated since `from` (alerts already stored stay one each) */
        post: operations["backfillSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first, with filters and a cursor; or every matching entry as JSON lines
         * @description With `?format=jsonl` or `Accept: application/x-ndjson` the answer is `application/x-ndjson`: every matching entry, oldest first, one JSON object per line, streamed without paging (`limit` and `cursor` do not apply).
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/correlation/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Correlation settings in force; returns an ETag */
        get: operations["getCorrelationSettings"];
        /** Replace the correlation settings (missing fields take the environment's values); effective from the next alert */
        put: operations["putCorrelationSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/correlation/settings/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every change of the correlation settings, newest first */
        get: operations["listCorrelationSettingsChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/correlation/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tuning changes derived from analysts' corrections (alerts moved out, incidents merged by hand), with their evidence */
        get: operations["listCorrelationProposals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/correlation/proposals/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a proposal to the correlation settings (recorded as a settings change) */
        post: operations["acceptCorrelationProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/correlation/proposals/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dismiss a proposal; the settings stay as they are */
        post: operations["dismissCorrelationProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        FieldError: {
            /** @description Where in the request, e.g. `query.since`, `entities[0].type`, `(root)` */
            path: string;
            message: string;
        };
        Problem: {
            /** @description A URI naming the kind of problem, e.g. https://quell.dev/problems/validation */
            type: string;
            title: string;
            status: number;
            detail: string;
            instance?: string;
            /** @description Every invalid field (validation problems) */
            errors?: components["schemas"]["FieldError"][];
            /** @description Seconds to wait (429) */
            retryAfter?: number;
            /** @description The incident a merged incident lives on as (409) */
            redirectedTo?: number | null;
            /** @description The status of an action that could not take a decision (409) */
            actionStatus?: string;
        } & {
            [key: string]: unknown;
        };
        Entity: {
            /** @constant */
            type: "device";
            deviceId?: string;
            hostname?: string;
            aadDeviceId?: string;
            os?: string;
            deviceGroup?: string;
            ips?: string[];
            loggedOnUsers?: {
                accountName?: string;
                domain?: string;
                sid?: string;
                upn?: string;
            }[];
            roles?: string[];
        } | {
            /** @constant */
            type: "user";
            upn?: string;
            sid?: string;
            aadObjectId?: string;
            accountName?: string;
            domain?: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "mailbox";
            address: string;
            displayName?: string;
            upn?: string;
            aadObjectId?: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "ip";
            address: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "url";
            url: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "file";
            sha256?: string;
            sha1?: string;
            md5?: string;
            name?: string;
            path?: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "process";
            pid?: number;
            commandLine?: string;
            imageFile?: string;
            parent?: string;
            deviceId?: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "email";
            networkMessageId: string;
            internetMessageId?: string;
            sender?: string;
            recipient?: string;
            subject?: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "registry";
            hive?: string;
            key: string;
            valueName?: string;
            valueData?: string;
            roles?: string[];
        } | {
            /** @constant */
            type: "cloudApp";
            appId?: string;
            name: string;
            roles?: string[];
        };
        Correlation: {
            incidentId: number;
            /** @enum {string} */
            decision: "new" | "joined" | "merged";
            matchedKeys: string[];
            skippedKeys: {
                key: string;
                reason: string;
            }[];
            mergedIncidentIds: number[];
            blockedMerge?: {
                incidentIds: number[];
                reason: string;
            };
            reason: string;
            /** @description The analyst who moved the alert to its incident by hand */
            movedBy?: string;
        } & {
            [key: string]: unknown;
        };
        Alert: {
            /** Format: uuid */
            id: string;
            source: string;
            externalId: string;
            detectionSource: string | null;
            title: string;
            description: string | null;
            type: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            category: string | null;
            mitreTechniques: string[];
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            entities: components["schemas"]["Entity"][];
            format: string;
            /** @enum {string} */
            status: "new" | "in_progress" | "resolved";
            assignedTo: string | null;
            incidentId: number | null;
            correlation: components["schemas"]["Correlation"] | null;
            /** Format: date-time */
            receivedAt: string;
            correlatedAt: string | null;
            investigationId: string | null;
            investigationState: ("queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off") | null;
            /** @description When the detector last changed the alert, as it said */
            lastUpdatedAt: string | null;
            /** @description How many times the detector has updated the alert since it was first stored */
            revision: number;
            /** @description When Quell last stored an update of the alert */
            updatedAt: string | null;
        };
        AlertDetail: {
            /** Format: uuid */
            id: string;
            source: string;
            externalId: string;
            detectionSource: string | null;
            title: string;
            description: string | null;
            type: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            category: string | null;
            mitreTechniques: string[];
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            entities: components["schemas"]["Entity"][];
            format: string;
            /** @enum {string} */
            status: "new" | "in_progress" | "resolved";
            assignedTo: string | null;
            incidentId: number | null;
            correlation: components["schemas"]["Correlation"] | null;
            /** Format: date-time */
            receivedAt: string;
            correlatedAt: string | null;
            investigationId: string | null;
            investigationState: ("queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off") | null;
            /** @description When the detector last changed the alert, as it said */
            lastUpdatedAt: string | null;
            /** @description How many times the detector has updated the alert since it was first stored */
            revision: number;
            /** @description When Quell last stored an update of the alert */
            updatedAt: string | null;
            /** @description The payload as the detector sent it */
            raw: unknown;
        };
        AlertPage: {
            items: components["schemas"]["Alert"][];
            nextCursor: string | null;
        };
        IngestResult: {
            results: {
                index: number;
                /** Format: uuid */
                id: string;
                /**
                 * @description accepted: stored as a new alert; duplicate: the alert was known (see outcome)
                 * @enum {string}
                 */
                status: "accepted" | "duplicate";
                /**
                 * @description created: a new alert; updated: newer content replaced the stored alert; unchanged: an identical or older resend
                 * @enum {string}
                 */
                outcome: "created" | "updated" | "unchanged";
            }[];
        };
        AlertActivity: {
            items: {
                id: string;
                /** Format: date-time */
                at: string;
                actor: string;
                /** @enum {string} */
                origin: "vendor" | "analyst" | "system" | "writeback";
                kind: string;
                details: {
                    [key: string]: unknown;
                };
            }[];
        };
        AlertMove: {
            /** Format: uuid */
            alertId: string;
            from: number;
            to: number;
        };
        ActionRecord: {
            id: string;
            /** @enum {string} */
            type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
            /** @enum {string} */
            family: "device" | "file" | "email" | "identity" | "network";
            targetKey: string;
            target: components["schemas"]["Entity"];
            params: {
                [key: string]: unknown;
            };
            incidentId: number | null;
            investigationId: string | null;
            alertId: string | null;
            /** @enum {string} */
            source: "automated" | "manual";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
            reason: string;
            proposedBy: {
                [key: string]: unknown;
            };
            verdict: string | null;
            /** @enum {string} */
            policyMode: "automatic" | "approval";
            policyReason: string;
            requestedBy: string;
            /** @description Who requested it as an identity (`person:<id>` or `key:<id>`): that person cannot approve it, whichever key they use */
            requestedBySubject: string | null;
            requiredApprovals: number;
            approvals: {
                by: string;
                /** @description Who the approval counts as: a person or a service key */
                subject?: string;
                /** Format: date-time */
                at: string;
                comment?: string;
            }[];
            connector: string;
            error: string | null;
            /** @description What the connector reported */
            result: unknown;
            expiresAt: string | null;
            decidedBy: string | null;
            decidedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Time-boxed: undone this long after it succeeded unless renewed */
            containmentSeconds: number | null;
            /** @description When the containment timer undoes the action (set once it succeeded) */
            containmentUntil: string | null;
            renewals: {
                by: string;
                /** Format: date-time */
                at: string;
                /** Format: date-time */
                until: string;
                comment?: string;
            }[];
        };
        Action: {
            id: string;
            /** @enum {string} */
            type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
            /** @enum {string} */
            family: "device" | "file" | "email" | "identity" | "network";
            targetKey: string;
            target: components["schemas"]["Entity"];
            params: {
                [key: string]: unknown;
            };
            incidentId: number | null;
            investigationId: string | null;
            alertId: string | null;
            /** @enum {string} */
            source: "automated" | "manual";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
            reason: string;
            proposedBy: {
                [key: string]: unknown;
            };
            verdict: string | null;
            /** @enum {string} */
            policyMode: "automatic" | "approval";
            policyReason: string;
            requestedBy: string;
            /** @description Who requested it as an identity (`person:<id>` or `key:<id>`): that person cannot approve it, whichever key they use */
            requestedBySubject: string | null;
            requiredApprovals: number;
            approvals: {
                by: string;
                /** @description Who the approval counts as: a person or a service key */
                subject?: string;
                /** Format: date-time */
                at: string;
                comment?: string;
            }[];
            connector: string;
            error: string | null;
            /** @description What the connector reported */
            result: unknown;
            expiresAt: string | null;
            decidedBy: string | null;
            decidedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Time-boxed: undone this long after it succeeded unless renewed */
            containmentSeconds: number | null;
            /** @description When the containment timer undoes the action (set once it succeeded) */
            containmentUntil: string | null;
            renewals: {
                by: string;
                /** Format: date-time */
                at: string;
                /** Format: date-time */
                until: string;
                comment?: string;
            }[];
            title: string;
            /** @description Whether undo can run: the action has an inverse its connector carries out and, for a restore, the record to restore from */
            reversible: boolean;
        };
        ActionHistoryEntry: {
            /** Format: date-time */
            at: string;
            kind: string;
            actor: string;
            details: {
                [key: string]: unknown;
            };
        };
        ActionDetail: {
            id: string;
            /** @enum {string} */
            type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
            /** @enum {string} */
            family: "device" | "file" | "email" | "identity" | "network";
            targetKey: string;
            target: components["schemas"]["Entity"];
            params: {
                [key: string]: unknown;
            };
            incidentId: number | null;
            investigationId: string | null;
            alertId: string | null;
            /** @enum {string} */
            source: "automated" | "manual";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
            reason: string;
            proposedBy: {
                [key: string]: unknown;
            };
            verdict: string | null;
            /** @enum {string} */
            policyMode: "automatic" | "approval";
            policyReason: string;
            requestedBy: string;
            /** @description Who requested it as an identity (`person:<id>` or `key:<id>`): that person cannot approve it, whichever key they use */
            requestedBySubject: string | null;
            requiredApprovals: number;
            approvals: {
                by: string;
                /** @description Who the approval counts as: a person or a service key */
                subject?: string;
                /** Format: date-time */
                at: string;
                comment?: string;
            }[];
            connector: string;
            error: string | null;
            /** @description What the connector reported */
            result: unknown;
            expiresAt: string | null;
            decidedBy: string | null;
            decidedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Time-boxed: undone this long after it succeeded unless renewed */
            containmentSeconds: number | null;
            /** @description When the containment timer undoes the action (set once it succeeded) */
            containmentUntil: string | null;
            renewals: {
                by: string;
                /** Format: date-time */
                at: string;
                /** Format: date-time */
                until: string;
                comment?: string;
            }[];
            title: string;
            /** @description Whether undo can run: the action has an inverse its connector carries out and, for a restore, the record to restore from */
            reversible: boolean;
            history: components["schemas"]["ActionHistoryEntry"][];
        };
        ActionDecision: {
            id: string;
            /** @enum {string} */
            type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
            /** @enum {string} */
            family: "device" | "file" | "email" | "identity" | "network";
            targetKey: string;
            target: components["schemas"]["Entity"];
            params: {
                [key: string]: unknown;
            };
            incidentId: number | null;
            investigationId: string | null;
            alertId: string | null;
            /** @enum {string} */
            source: "automated" | "manual";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
            reason: string;
            proposedBy: {
                [key: string]: unknown;
            };
            verdict: string | null;
            /** @enum {string} */
            policyMode: "automatic" | "approval";
            policyReason: string;
            requestedBy: string;
            /** @description Who requested it as an identity (`person:<id>` or `key:<id>`): that person cannot approve it, whichever key they use */
            requestedBySubject: string | null;
            requiredApprovals: number;
            approvals: {
                by: string;
                /** @description Who the approval counts as: a person or a service key */
                subject?: string;
                /** Format: date-time */
                at: string;
                comment?: string;
            }[];
            connector: string;
            error: string | null;
            /** @description What the connector reported */
            result: unknown;
            expiresAt: string | null;
            decidedBy: string | null;
            decidedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Time-boxed: undone this long after it succeeded unless renewed */
            containmentSeconds: number | null;
            /** @description When the containment timer undoes the action (set once it succeeded) */
            containmentUntil: string | null;
            renewals: {
                by: string;
                /** Format: date-time */
                at: string;
                /** Format: date-time */
                until: string;
                comment?: string;
            }[];
            title: string;
            /** @description Whether undo can run: the action has an inverse its connector carries out and, for a restore, the record to restore from */
            reversible: boolean;
            history: components["schemas"]["ActionHistoryEntry"][];
            decision: {
                status: string;
                approvals: number;
                requiredApprovals: number;
            };
        };
        ActionPage: {
            items: components["schemas"]["Action"][];
            nextCursor: string | null;
        };
        BulkDecisionResult: {
            results: ({
                id: string;
                /** @constant */
                result: "decided";
                /** @enum {string} */
                status: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
            } | {
                id: string;
                /** @constant */
                result: "refused";
                detail: string;
            })[];
        };
        AutomationSettings: {
            /**
             * @default full
             * @enum {string}
             */
            defaultLevel: "full" | "semi_all" | "semi_core_folders" | "semi_non_temp_folders" | "none";
            /** @default {} */
            deviceGroups: {
                [key: string]: "full" | "semi_all" | "semi_core_folders" | "semi_non_temp_folders" | "none";
            };
            /**
             * @default {
             *       "email": "approval",
             *       "identity": "approval"
             *     }
             */
            families: {
                [key: string]: "automatic" | "approval";
            };
            /**
             * @default [
             *       "C:\\Windows\\",
             *       "C:\\Program Files\\",
             *       "C:\\Program Files (x86)\\"
             *     ]
             */
            coreFolders: string[];
            /**
             * @default [
             *       "C:\\Windows\\Temp\\",
             *       "C:\\Users\\*\\AppData\\Local\\Temp\\",
             *       "C:\\Temp\\",
             *       "/tmp/"
             *     ]
             */
            tempFolders: string[];
            /** @default 10 */
            bulkDeviceThreshold: number;
            /**
             * @default {
             *       "disable_user": {
             *         "approvers": 2
             *       }
             *     }
             */
            approvalRules: {
                [key: string]: {
                    approvers: number;
                };
            };
            /** @default false */
            allowSelfApproval: boolean;
            /** @default 604800 */
            pendingExpirySeconds: number;
            /** @default {} */
            connectors: {
                [key: string]: string;
            };
        };
        AutomationView: {
            settings: components["schemas"]["AutomationSettings"];
            defaults: components["schemas"]["AutomationSettings"];
            updatedBy?: string;
            /** Format: date-time */
            updatedAt?: string;
        };
        AutomationShadowView: {
            /** Format: uuid */
            id: string;
            settings: components["schemas"]["AutomationSettings"];
            startedBy: string;
            /** Format: date-time */
            startedAt: string;
            endedBy?: string;
            /** Format: date-time */
            endedAt?: string;
            /** @enum {string} */
            outcome?: "ended" | "replaced" | "promoted";
        };
        AutomationShadowReport: {
            /** Format: uuid */
            shadowId: string;
            startedBy: string;
            /** Format: date-time */
            startedAt: string;
            /** @description Actions proposed since the shadow began */
            proposals: number;
            /** @description Of those, the ones the candidate settings decide differently */
            changed: number;
            changes: {
                /** @enum {string} */
                actionType: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
                deviceGroup: string | null;
                /** @enum {string} */
                live: "automatic" | "approval";
                /** @enum {string} */
                shadow: "automatic" | "approval";
                liveApprovals: number;
                shadowApprovals: number;
                count: number;
                /** @description e.g. "12 isolate_device would have run without approval" */
                summary: string;
                /** @description The actions concerned, oldest first (at most 1000; count counts all) */
                actionIds: string[];
            }[];
        };
        AutomationPromotion: {
            automation: components["schemas"]["AutomationView"];
            shadow: components["schemas"]["AutomationShadowView"];
            /** @description The report the promotion was decided on (kept with the shadow) */
            report: components["schemas"]["AutomationShadowReport"];
        };
        ActionImpact: {
            /** Format: date-time */
            computedAt: string;
            /** @description The chain that led to the action: alert → playbook step → verdict, with the facts used */
            evidence: {
                /** @enum {string} */
                source: "automated" | "manual";
                requestedBy: string;
                reason: string;
                alert: {
                    /** Format: uuid */
                    id: string;
                    title: string;
                    severity: string;
                    source: string;
                    /** Format: date-time */
                    firstActivityAt: string;
                } | null;
                playbook: {
                    name: string;
                    version: string | null;
                    hash: string | null;
                    step: string;
                } | null;
                verdict: {
                    /** @enum {string} */
                    verdict: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                    reasons: {
                        reason: string;
                        /** @enum {string} */
                        verdict: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                        playbook?: string;
                        step?: string;
                        detector?: string;
                    }[];
                } | null;
                facts: {
                    /** @description The playbook step (or `lookup` for a look-up made for this view) */
                    step: string;
                    /** @description The catalog function it called */
                    fn: string;
                    args: unknown;
                    /** @description What it answered (long answers summarised) */
                    output: unknown;
                }[];
                /**
                 * @description Where the facts come from: the run as recorded, or its dry run
                 * @enum {string}
                 */
                factsFrom: "recorded_run" | "simulation" | "none";
            };
            target: {
                key: string;
                type: string;
                label: string;
                /** @description Devices: whether it serves others */
                role: ("server" | "workstation" | "unknown") | null;
                /** @description Accounts: an admin or privileged account */
                privileged: boolean | null;
                os: string | null;
                deviceGroup: string | null;
                groups: string[];
                /** @description Accounts signed in to the device or seen with the target */
                users: string[];
                /** @description Devices the target was seen on */
                devices: string[];
                mailboxes: string[];
                /** @description Stored alerts of the last 30 days that name the target */
                alertsNaming: number;
                /** @description Other open incidents that the target appears in */
                otherOpenIncidents: number[];
                lookups: {
                    fn: string;
                    source: string;
                    available: boolean;
                    detail?: string;
                }[];
            };
            /** @description What else the action contains or touches */
            collateral: {
                /** @enum {string} */
                kind: "user" | "device" | "mailbox" | "message" | "file" | "network";
                what: string;
                effect: string;
            }[];
            reversal: {
                reversible: boolean;
                inverse: string | null;
                inverseTitle: string | null;
                how: string;
                containmentSeconds: number | null;
            };
            /** @description The simulator's dry run of the playbook that proposed the action; null for a manual action */
            prediction: {
                playbook: string;
                hash: string;
                /** @description How the prediction was made */
                basis: string;
                nextSteps: {
                    path: string;
                    kind: string;
                    status: string;
                    detail?: string;
                }[];
                otherProposals: {
                    action: string;
                    targetKey: string;
                    wouldRun: string;
                }[];
                ifApproved: {
                    /**
                     * @description What this action becomes
                     * @enum {string}
                     */
                    actionStatus: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
                    /** @description The state its investigation would end in (null: no investigation) */
                    investigationEnds: ("remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type") | null;
                    incidentResolvedByAutomation: boolean;
                    /** @description What follows, in order */
                    then: string[];
                };
                ifRejected: {
                    /**
                     * @description What this action becomes
                     * @enum {string}
                     */
                    actionStatus: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
                    /** @description The state its investigation would end in (null: no investigation) */
                    investigationEnds: ("remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type") | null;
                    incidentResolvedByAutomation: boolean;
                    /** @description What follows, in order */
                    then: string[];
                };
            } | null;
        };
        ActionImpactView: {
            actionId: string;
            /** @enum {string} */
            actionStatus: "pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone";
            /** @description Computed now */
            current: components["schemas"]["ActionImpact"];
            /** @description What the approvers saw when it was proposed (null if no snapshot was taken) */
            atProposal: components["schemas"]["ActionImpact"] | null;
        };
        RollbackPlan: {
            incidentId: number;
            /** @description Succeeded actions automation took for the incident, in the order a rollback undoes them (the last taken first) */
            reversible: {
                actionId: string;
                /** @enum {string} */
                type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
                title: string;
                target: components["schemas"]["Entity"];
                succeededAt: string | null;
                /** @enum {string} */
                inverse: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
            }[];
            /** @description Succeeded automated actions without an inverse, with what a person must do by hand */
            irreversible: {
                actionId: string;
                /** @enum {string} */
                type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
                title: string;
                target: components["schemas"]["Entity"];
                succeededAt: string | null;
                byHand: string;
            }[];
        };
        RollbackOperation: {
            /** @description The operation id, rollback-<incidentId>-<n> */
            id: string;
            incidentId: number;
            /** @enum {string} */
            status: "running" | "completed" | "partially_completed";
            results: {
                actionId: string;
                /** @enum {string} */
                result: "pending" | "undone" | "already_undone" | "failed";
                detail?: string;
            }[];
            /** @description Succeeded automated actions without an inverse, with what a person must do by hand */
            irreversible: {
                actionId: string;
                /** @enum {string} */
                type: "isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip";
                title: string;
                target: components["schemas"]["Entity"];
                succeededAt: string | null;
                byHand: string;
            }[];
        };
        RollbackAnswer: {
            /** @constant */
            confirmed: false;
            plan: components["schemas"]["RollbackPlan"];
        } | {
            /** @constant */
            confirmed: true;
            operation: components["schemas"]["RollbackOperation"];
        };
        AuditEntry: {
            /** @description Position in the hash chain */
            seq: number;
            /** Format: date-time */
            at: string;
            actor: {
                /** @enum {string} */
                kind: "key" | "person" | "system";
                /** @description The key's id or the person's subject; null for the system */
                id: string | null;
                name: string;
                /** @description The identity provider of a person */
                issuer: string | null;
                email: string | null;
            };
            source: {
                ip: string | null;
                userAgent: string | null;
            };
            /** @enum {string} */
            action: "auth.failed" | "auth.signed_in" | "auth.sign_in_failed" | "auth.signed_out" | "key.created" | "key.revoked" | "incident.updated" | "incident.commented" | "incident.merged" | "alert.moved" | "action.requested" | "action.approved" | "action.rejected" | "action.undo_requested" | "action.retry_requested" | "action.renewed" | "action.approval_withdrawn" | "incident.rollback_requested" | "automation.updated" | "automation.shadow_started" | "automation.shadow_ended" | "automation.shadow_promoted" | "webhook.created" | "webhook.deleted" | "playbooks.reloaded" | "role_assignment.created" | "role_assignment.deleted" | "person.deactivated" | "person.reactivated" | "playbook.version_registered" | "playbook.shadow_changed" | "playbook.promoted" | "playbook.reverted" | "playbook.backtest_started" | "source.created" | "source.updated" | "source.deleted";
            target: {
                type: string;
                id: string | null;
            } | null;
            /** @description The changed state before (secrets redacted); null when nothing existed */
            before: unknown;
            /** @description The changed state after (secrets redacted); null when nothing remains */
            after: unknown;
            /** @description The hash of the entry before this one */
            prevHash: string;
            /** @description SHA-256 over this entry's canonical form and prevHash */
            hash: string;
        };
        AuditPage: {
            items: components["schemas"]["AuditEntry"][];
            nextCursor: string | null;
        };
        SignInOptions: {
            oidc: {
                providerName: string;
                /** @description Open this in the browser to sign in through the provider */
                signInUrl: string;
            } | null;
        };
        SignOut: {
            /** @description Whether a live session was ended */
            signedOut: boolean;
        };
        Person: {
            /** Format: uuid */
            id: string;
            name: string;
            email: string | null;
            /** @description The OpenID provider that vouches for the person */
            issuer: string;
            /** @description The provider's subject (`sub`) for the person */
            subject: string;
            /** Format: date-time */
            firstSeenAt: string;
            /** Format: date-time */
            lastSeenAt: string;
            /** @description When an administrator deactivated the person; null while active */
            deactivatedAt: string | null;
            deactivatedBy: string | null;
        };
        PersonList: {
            items: components["schemas"]["Person"][];
        };
        PersonDeactivation: {
            person: components["schemas"]["Person"];
            /** @description False when the person was deactivated already: nothing more was done */
            deactivated: boolean;
            sessionsEnded: number;
            /** @description The API keys the person owned, now revoked */
            keysRevoked: string[];
            /** @description The role assignments the person held, now removed */
            assignmentsRemoved: string[];
            /** @description Pending actions whose approvals no longer count the person (approvals that completed a quorum stand) */
            approvalsWithdrawn: string[];
        };
        PersonReactivation: {
            person: components["schemas"]["Person"];
            /** @description False when the person was active already: nothing was done */
            reactivated: boolean;
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            role: "ingest" | "reader" | "analyst" | "approver" | "admin";
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description The person the key acts for (their approvals count as theirs); null for a service key */
            ownerPersonId: string | null;
        };
        NewApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            role: "ingest" | "reader" | "analyst" | "approver" | "admin";
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description The person the key acts for (their approvals count as theirs); null for a service key */
            ownerPersonId: string | null;
            /** @description The key itself: shown only in this response */
            key: string;
        };
        ApiKeyList: {
            items: components["schemas"]["ApiKey"][];
        };
        Caller: {
            name: string;
            /** @enum {string} */
            role: "ingest" | "reader" | "analyst" | "approver" | "admin";
            /** @description The stable identity decisions are counted by: `person:<id>` for a person, `key:<id>` for a service key */
            subject: string;
            /** @description The person acting (signed in, or through a key they own); null for a service key */
            person: {
                /** Format: uuid */
                id: string;
                name: string;
                email: string | null;
                /** @description The OpenID provider that vouches for the person */
                issuer: string;
            } | null;
        };
        RoleAssignment: {
            /** Format: uuid */
            id: string;
            /** @description key:<key id> or person:<person id> */
            subject: string;
            /** @enum {string} */
            role: "ingest" | "reader" | "analyst" | "approver" | "admin";
            scope: {
                /** @enum {string} */
                kind: "all" | "device_group" | "action_family" | "incident_tag";
                value?: string;
            };
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
        };
        RoleAssignmentList: {
            items: components["schemas"]["RoleAssignment"][];
        };
        CorrelationSettings: {
            windowHours: number;
            prevalenceLimit: number;
            mergeCap: number;
            ignoreKeys: string[];
            ignore: {
                [key: string]: {
                    /** @default [] */
                    values: string[];
                    /** @default [] */
                    patterns: string[];
                };
            };
            disabledEntityTypes: ("device" | "user" | "mailbox" | "ip" | "url" | "file" | "process" | "email" | "registry" | "cloudApp")[];
            disabledKeyTypes: ("device:id" | "device:aad" | "device:host" | "user:upn" | "user:sid" | "user:aad" | "user:name" | "mailbox" | "ip" | "url" | "host" | "domain" | "file:sha256" | "file:sha1" | "file:md5" | "email" | "registry" | "cloudapp:id" | "cloudapp:name" | "vendor:incident")[];
            weakLinks: {
                proximityMinutes: number;
                estateLimit: number;
                estateLookbackDays: number;
            };
        };
        CorrelationSettingsView: {
            settings: components["schemas"]["CorrelationSettings"];
            defaults: components["schemas"]["CorrelationSettings"];
            version: number;
            updatedBy?: string;
            /** Format: date-time */
            updatedAt?: string;
        };
        CorrelationSettingsChange: {
            version: number;
            changedBy: string;
            /** Format: date-time */
            changedAt: string;
            before: components["schemas"]["CorrelationSettings"];
            after: components["schemas"]["CorrelationSettings"];
            proposalId: string | null;
        };
        CorrelationSettingsHistory: {
            items: components["schemas"]["CorrelationSettingsChange"][];
        };
        CorrelationFeedback: {
            id: number;
            /** @enum {string} */
            kind: "alert_moved_out" | "incidents_merged";
            alertId: string | null;
            incidentIds: number[];
            keys: string[];
            reason: string;
            actor: string;
            /** Format: date-time */
            at: string;
        };
        CorrelationProposal: {
            id: string;
            /** @enum {string} */
            kind: "ignore_key" | "disable_key_type" | "stop_ignoring_key" | "enable_key_type" | "enable_entity_type";
            target: string;
            /** @enum {string} */
            status: "open" | "accepted" | "dismissed";
            summary: string;
            evidence: {
                count: number;
                items: components["schemas"]["CorrelationFeedback"][];
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            decidedBy: string | null;
            decidedAt: string | null;
        };
        CorrelationProposalPage: {
            items: components["schemas"]["CorrelationProposal"][];
        };
        ConnectorList: {
            items: {
                name: string;
                /** @description Action types it carries out */
                actions: string[];
                /** @description Action families routed to it */
                families: ("device" | "file" | "email" | "identity" | "network")[];
                /** @description Action types routed to it */
                types: ("isolate_device" | "restrict_app_execution" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "block_file" | "remove_persistence" | "soft_delete_email" | "block_sender" | "block_url" | "remove_inbox_rule" | "disable_external_forwarding" | "disable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "block_ip")[];
                /** @description Catalog functions it answers */
                facts: ("device.info" | "file.reputation" | "url.reputation" | "ip.reputation" | "domain.reputation" | "user.info" | "user.signins" | "email.similar" | "alerts.related" | "process.details")[];
                health: {
                    ok: boolean;
                    detail: string;
                };
            }[];
            unroutedFamilies: ("device" | "file" | "email" | "identity" | "network")[];
            /** @description Routed to a connector that is missing or cannot carry them out */
            unsupportedTypes: {
                /** @enum {string} */
                type: "isolate_device" | "restrict_app_execution" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "block_file" | "remove_persistence" | "soft_delete_email" | "block_sender" | "block_url" | "remove_inbox_rule" | "disable_external_forwarding" | "disable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "block_ip";
                connector: string;
            }[];
        };
        Graph: {
            nodes: {
                /** @description `alert:<id>`, `entity:<key>` or `action:<id>` */
                id: string;
                /** @enum {string} */
                kind: "alert" | "entity" | "action";
                label: string;
                entityType?: string;
                /** @description Entities: the strongest verdict an investigation gave (null: none yet) */
                verdict?: ("malicious" | "suspicious" | "unknown" | "no_threats_found") | null;
                /** @enum {string} */
                severity?: "informational" | "low" | "medium" | "high";
                status?: string;
            }[];
            edges: {
                from: string;
                to: string;
                /**
                 * @description alert names entity; entity remediated_by action; entity seen_with entity
                 * @enum {string}
                 */
                kind: "names" | "remediated_by" | "seen_with";
                /** @description seen_with: in how many alerts the two appear together */
                alerts?: number;
            }[];
        };
        StepRecord: {
            path: string;
            stepId: string;
            /** @enum {string} */
            kind: "uses" | "verdict" | "remediate" | "parallel" | "group";
            /** @enum {string} */
            status: "running" | "succeeded" | "failed" | "skipped";
            /** @description Epoch milliseconds */
            startedAt: number;
            /** @description Epoch milliseconds */
            endedAt: number;
            attempts: number;
            reason?: string;
            error?: string;
            output?: unknown;
            values?: {
                [key: string]: unknown;
            };
        };
        InvestigationSummary: {
            /** Format: uuid */
            id: string;
            /** @description The incident it was started for */
            incidentId: number;
            /** @description The incident that incident lives on as, after merges */
            currentIncidentId: number;
            /** @enum {string} */
            state: "queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off";
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            startedBy: string;
            workflowId: string;
            alertCount: number;
        };
        InvestigationPage: {
            items: components["schemas"]["InvestigationSummary"][];
            nextCursor: string | null;
        };
        Evidence: {
            key: string;
            entityType: string;
            entity: components["schemas"]["Entity"];
            /** @enum {string} */
            verdict: "malicious" | "suspicious" | "unknown" | "no_threats_found";
            reasons: ({
                /** @enum {string} */
                verdict: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                reason: string;
                /** Format: uuid */
                alertId: string;
                playbook?: string;
                step?: string;
                detector?: string;
            } & {
                [key: string]: unknown;
            })[];
            alertIds: string[];
            /** @enum {string} */
            remediationStatus: "none" | "pending" | "approved" | "rejected" | "expired" | "remediated" | "failed" | "undone";
        };
        Investigation: {
            /** Format: uuid */
            id: string;
            /** @description The incident it was started for */
            incidentId: number;
            /** @description The incident that incident lives on as, after merges */
            currentIncidentId: number;
            /** @enum {string} */
            state: "queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off";
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            startedBy: string;
            workflowId: string;
            alertCount: number;
            alerts: {
                /** Format: uuid */
                id: string;
                title: string;
                /** @enum {string} */
                severity: "informational" | "low" | "medium" | "high";
                source: string;
                /** @enum {string} */
                investigationOutcome: "running" | "investigated" | "unsupported_alert_type";
                /** @enum {string} */
                status: "new" | "in_progress" | "resolved";
            }[];
            playbookRuns: {
                /** Format: uuid */
                alertId: string;
                playbook: string;
                version: string;
                hash: string;
                status: string;
                error: string | null;
                steps: components["schemas"]["StepRecord"][];
                /** Format: date-time */
                startedAt: string;
                endedAt: string | null;
            }[];
            evidence: components["schemas"]["Evidence"][];
            actions: components["schemas"]["ActionRecord"][];
            log: {
                /** Format: date-time */
                at: string;
                message: string;
                details: {
                    [key: string]: unknown;
                };
            }[];
            graph: components["schemas"]["Graph"];
        };
        InvestigationStart: {
            incidentId: number;
            workflowId: string;
            alerts: number;
        };
        Asset: {
            id: string;
            name: string;
            alertCount: number;
        };
        ImpactedAssets: {
            devices?: components["schemas"]["Asset"][];
            users?: components["schemas"]["Asset"][];
            mailboxes?: components["schemas"]["Asset"][];
            ips?: components["schemas"]["Asset"][];
            urls?: components["schemas"]["Asset"][];
            files?: components["schemas"]["Asset"][];
            cloudApps?: components["schemas"]["Asset"][];
        };
        IncidentSummary: {
            id: number;
            name: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            /** @enum {string} */
            severitySource: "analyst" | "automatic";
            /** @enum {string} */
            status: "active" | "in_progress" | "resolved" | "redirected";
            classification: ("true_positive" | "informational_expected_activity" | "false_positive") | null;
            determination: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate") | null;
            assignedTo: string | null;
            tags: string[];
            systemTags: string[];
            alertCount: number;
            categories: string[];
            sources: string[];
            detectionSources: string[];
            impactedAssetCounts: {
                devices: number;
                users: number;
                mailboxes: number;
                ips: number;
                urls: number;
                files: number;
                cloudApps: number;
            };
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            resolvedAt: string | null;
            /** @description The incident this one was merged into (status `redirected`) */
            redirectedTo: number | null;
        };
        IncidentListItem: {
            id: number;
            name: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            /** @enum {string} */
            severitySource: "analyst" | "automatic";
            /** @enum {string} */
            status: "active" | "in_progress" | "resolved" | "redirected";
            classification: ("true_positive" | "informational_expected_activity" | "false_positive") | null;
            determination: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate") | null;
            assignedTo: string | null;
            tags: string[];
            systemTags: string[];
            alertCount: number;
            categories: string[];
            sources: string[];
            detectionSources: string[];
            impactedAssetCounts: {
                devices: number;
                users: number;
                mailboxes: number;
                ips: number;
                urls: number;
                files: number;
                cloudApps: number;
            };
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            resolvedAt: string | null;
            /** @description The incident this one was merged into (status `redirected`) */
            redirectedTo: number | null;
            investigationState: ("queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off") | null;
        };
        IncidentPage: {
            items: components["schemas"]["IncidentListItem"][];
            nextCursor: string | null;
            /** @description Only with `count=true` */
            total?: number;
        };
        IncidentAlert: {
            /** Format: uuid */
            id: string;
            title: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            category: string | null;
            mitreTechniques: string[];
            source: string;
            detectionSource: string | null;
            /** @enum {string} */
            status: "new" | "in_progress" | "resolved";
            investigationId: string | null;
            investigationState: ("queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off") | null;
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            correlation: components["schemas"]["Correlation"] | null;
        };
        IncidentComment: {
            id: string;
            incidentId: number;
            author: string;
            text: string;
            /** Format: date-time */
            createdAt: string;
        };
        ActivityEntry: {
            id: string;
            incidentId: number;
            /** Format: date-time */
            at: string;
            actor: string;
            /** @description e.g. created, updated, comment, merged, redirected, alert_added, auto_resolved */
            kind: string;
            details: {
                [key: string]: unknown;
            };
        };
        ActivityPage: {
            items: components["schemas"]["ActivityEntry"][];
        };
        IncidentInvestigation: {
            /** Format: uuid */
            id: string;
            incidentId: number;
            /** @enum {string} */
            state: "queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off";
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            pendingActions: number;
        };
        IncidentWithAssets: {
            id: number;
            name: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            /** @enum {string} */
            severitySource: "analyst" | "automatic";
            /** @enum {string} */
            status: "active" | "in_progress" | "resolved" | "redirected";
            classification: ("true_positive" | "informational_expected_activity" | "false_positive") | null;
            determination: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate") | null;
            assignedTo: string | null;
            tags: string[];
            systemTags: string[];
            alertCount: number;
            categories: string[];
            sources: string[];
            detectionSources: string[];
            impactedAssetCounts: {
                devices: number;
                users: number;
                mailboxes: number;
                ips: number;
                urls: number;
                files: number;
                cloudApps: number;
            };
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            resolvedAt: string | null;
            /** @description The incident this one was merged into (status `redirected`) */
            redirectedTo: number | null;
            impactedAssets: components["schemas"]["ImpactedAssets"];
            /** @description Reversible actions automation took for the incident that still stand: what POST /incidents/{id}/rollback would undo */
            rollbackAvailable: number;
        };
        Incident: {
            id: number;
            name: string;
            /** @enum {string} */
            severity: "informational" | "low" | "medium" | "high";
            /** @enum {string} */
            severitySource: "analyst" | "automatic";
            /** @enum {string} */
            status: "active" | "in_progress" | "resolved" | "redirected";
            classification: ("true_positive" | "informational_expected_activity" | "false_positive") | null;
            determination: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate") | null;
            assignedTo: string | null;
            tags: string[];
            systemTags: string[];
            alertCount: number;
            categories: string[];
            sources: string[];
            detectionSources: string[];
            impactedAssetCounts: {
                devices: number;
                users: number;
                mailboxes: number;
                ips: number;
                urls: number;
                files: number;
                cloudApps: number;
            };
            /** Format: date-time */
            firstActivityAt: string;
            /** Format: date-time */
            lastActivityAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            resolvedAt: string | null;
            /** @description The incident this one was merged into (status `redirected`) */
            redirectedTo: number | null;
            impactedAssets: components["schemas"]["ImpactedAssets"];
            /** @description Reversible actions automation took for the incident that still stand: what POST /incidents/{id}/rollback would undo */
            rollbackAvailable: number;
            alerts: components["schemas"]["IncidentAlert"][];
            comments: components["schemas"]["IncidentComment"][];
            activity: components["schemas"]["ActivityEntry"][];
            investigations: components["schemas"]["IncidentInvestigation"][];
        };
        BulkUpdateResult: {
            results: {
                id: number;
                /** @enum {string} */
                result: "updated" | "unchanged" | "not_found" | "redirected";
                changes?: string[];
                redirectedTo?: number;
            }[];
        };
        MergeResult: {
            incidentId: number;
            mergedIncidentIds: number[];
        };
        TagList: {
            items: {
                tag: string;
                /** @enum {string} */
                kind: "custom" | "system";
                count: number;
            }[];
        };
        SocMetrics: {
            /** Format: date-time */
            since: string;
            /** Format: date-time */
            until: string;
            incidentsCreated: number;
            incidentsResolved: number;
            resolvedBy: {
                automation: number;
                people: number;
            };
            automationShare: number | null;
            timeToAssignSeconds: {
                mean: number | null;
                p90: number | null;
                incidents: number;
            };
            timeToResolveSeconds: {
                mean: number | null;
                p90: number | null;
                incidents: number;
            };
            classifications: {
                classification: string | null;
                determination: string | null;
                count: number;
            }[];
            openBySeverityAndAge: {
                [key: string]: {
                    [key: string]: number;
                };
            };
        };
        IncidentGraph: {
            nodes: {
                /** @description `alert:<id>`, `entity:<key>` or `action:<id>` */
                id: string;
                /** @enum {string} */
                kind: "alert" | "entity" | "action";
                label: string;
                entityType?: string;
                /** @description Entities: the strongest verdict an investigation gave (null: none yet) */
                verdict?: ("malicious" | "suspicious" | "unknown" | "no_threats_found") | null;
                /** @enum {string} */
                severity?: "informational" | "low" | "medium" | "high";
                status?: string;
            }[];
            edges: {
                from: string;
                to: string;
                /**
                 * @description alert names entity; entity remediated_by action; entity seen_with entity
                 * @enum {string}
                 */
                kind: "names" | "remediated_by" | "seen_with";
                /** @description seen_with: in how many alerts the two appear together */
                alerts?: number;
            }[];
            incidentId: number;
            /** @description Whether alerts, entities or edges were left out to keep the graph bounded */
            truncated: boolean;
        };
        IncidentChangeFeed: {
            items: {
                id: number;
                /** Format: date-time */
                updatedAt: string;
                version: number;
                /** @enum {string} */
                status: "active" | "in_progress" | "resolved" | "redirected";
            }[];
            /** @description Pass as `since` to get what changed after these */
            cursor: string;
            /** @description More changes are waiting: ask again at once */
            hasMore: boolean;
        };
        PlaybookVersion: {
            id: string;
            name: string;
            /** @description The YAML's own `version` field */
            version: string;
            /** @description sha256 of the YAML */
            hash: string;
            /**
             * @description `upload`: registered through the API; `file`: a version of the file an investigation ran
             * @enum {string}
             */
            origin: "upload" | "file";
            /** @description Runs beside the live version on live alerts, without effects */
            shadow: boolean;
            /** @description Promoted: stands in for the file until reverted */
            live: boolean;
            yaml: string;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            promotedBy: string | null;
            promotedAt: string | null;
            /** @description What the last promotion of this version rested on */
            evidence: {
                backtestIds: string[];
                shadowAlertIds: string[];
                comment?: string;
            } | null;
        };
        PlaybookVersionList: {
            name: string;
            /** @description What runs for new investigations: the file, or a promoted version */
            live: {
                /** @enum {string} */
                source: "file" | "promoted";
                hash: string | null;
                versionId: string | null;
            };
            items: components["schemas"]["PlaybookVersion"][];
        };
        PlaybookRevert: {
            name: string;
            /** @constant */
            source: "file";
            hash: string | null;
        };
        OutcomeDiff: {
            changed: boolean;
            verdicts: {
                key: string;
                before: ("malicious" | "suspicious" | "unknown" | "no_threats_found") | null;
                after: ("malicious" | "suspicious" | "unknown" | "no_threats_found") | null;
            }[];
            actionsAdded: string[];
            actionsRemoved: string[];
            autoResolved: {
                before: boolean;
                after: boolean;
            };
        };
        ShadowRunList: {
            items: {
                versionId: string;
                hash: string;
                alertId: string;
                alertType: string;
                alertTitle: string;
                /** Format: date-time */
                ranAt: string;
                /** @enum {string} */
                status: "succeeded" | "failed";
                error?: string;
                shadow: {
                    /** @description Entity key → verdict, from the detector and this playbook */
                    verdicts: {
                        [key: string]: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                    };
                    /** @description `<action> <target key>` */
                    actions: string[];
                    /** @description Settled without a person: no threats found, or remediated by actions that needed no approval */
                    autoResolved: boolean;
                    matched: boolean;
                };
                live: {
                    /** @description Entity key → verdict, from the detector and this playbook */
                    verdicts: {
                        [key: string]: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                    };
                    /** @description `<action> <target key>` */
                    actions: string[];
                    /** @description Settled without a person: no threats found, or remediated by actions that needed no approval */
                    autoResolved: boolean;
                    /** @description Whether the live playbook of this name ran for the alert */
                    ran: boolean;
                    /** @description The alert's investigation state now */
                    state: string | null;
                };
                diff: components["schemas"]["OutcomeDiff"];
            }[];
        };
        Backtest: {
            id: string;
            playbook: string;
            versionId: string;
            hash: string;
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /** @enum {string} */
            status: "running" | "completed" | "failed";
            error: string | null;
            /** @description Stored alerts of the range gone through, of all of them */
            progress: {
                done: number;
                total: number;
            };
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            finishedAt: string | null;
            /** @description Where the steps got their answers */
            enrichment: string;
            report: {
                /** @description Alerts the version would handle or the live playbook handled */
                compared: number;
                changed: number;
                byType: {
                    alertType: string;
                    alerts: number;
                    changed: number;
                    failed: number;
                    noLongerHandled: number;
                    newlyHandled: number;
                    verdictChanges: number;
                    actionsAdded: number;
                    actionsRemoved: number;
                    autoResolved: {
                        before: number;
                        after: number;
                    };
                    examples: {
                        alertId: string;
                        title: string;
                        diff: components["schemas"]["OutcomeDiff"];
                    }[];
                }[];
            };
        };
        PlaybookError: {
            file: string;
            /** @description 1-based, of the offending node */
            line: number;
            column: number;
            /** @description e.g. `steps[2].with.device`; empty for the document itself */
            path: string;
            message: string;
        };
        PlaybookSummary: {
            name: string;
            version: string;
            description: string;
            priority: number;
            /** @description sha256 of the YAML: a run pins this */
            hash: string;
            file: string;
            triggers: {
                source?: string[];
                type?: string[];
                category?: string[];
                /** @enum {string} */
                severityAtLeast?: "informational" | "low" | "medium" | "high";
                titleMatches?: string;
                when?: string;
            }[];
        };
        PlaybookList: {
            items: components["schemas"]["PlaybookSummary"][];
            /** @description Files that were skipped, with their errors */
            invalid: components["schemas"]["PlaybookError"][];
            /** @description The enrichment functions steps can use */
            catalog: {
                name: string;
                description: string;
                output: string;
            }[];
        };
        PlaybookDetail: {
            name: string;
            version: string;
            description: string;
            priority: number;
            /** @description sha256 of the YAML: a run pins this */
            hash: string;
            file: string;
            triggers: {
                source?: string[];
                type?: string[];
                category?: string[];
                /** @enum {string} */
                severityAtLeast?: "informational" | "low" | "medium" | "high";
                titleMatches?: string;
                when?: string;
            }[];
            /** @description The YAML text, when the file can be read */
            source?: string;
            /** @description The parsed, validated playbook the investigation workflow runs */
            definition: {
                name: string;
                fallback: boolean;
                steps: ({
                    id: string;
                    kind: string;
                } & {
                    [key: string]: unknown;
                })[];
            } & {
                [key: string]: unknown;
            };
        };
        PlaybookValidation: {
            valid: boolean;
            errors: components["schemas"]["PlaybookError"][];
            playbook?: components["schemas"]["PlaybookSummary"];
        };
        PlaybookLoadReport: {
            loaded: string[];
            skipped: {
                file: string;
                errors: components["schemas"]["PlaybookError"][];
            }[];
        };
        Simulation: {
            /** @constant */
            dryRun: true;
            playbook: {
                name: string;
                version: string;
                hash: string;
            };
            triggers: {
                matches: boolean;
                detail: {
                    index: number;
                    matches: boolean;
                }[];
            };
            /** @enum {string} */
            status: "succeeded" | "failed";
            error?: string;
            steps: components["schemas"]["StepRecord"][];
            enrichment: {
                step: string;
                fn: string;
                source: string;
                args: unknown;
            }[];
            verdicts: {
                key: string;
                entity: components["schemas"]["Entity"];
                /** @enum {string} */
                verdict: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                reasons: {
                    reason: string;
                    /** @enum {string} */
                    verdict: "malicious" | "suspicious" | "unknown" | "no_threats_found";
                    playbook?: string;
                    step?: string;
                    /** @description Set when the detector that raised the alert named the entity */
                    detector?: string;
                }[];
            }[];
            actions: {
                step: string;
                action: string;
                target: components["schemas"]["Entity"];
                targetKey: string;
                reason: string;
                params?: {
                    [key: string]: unknown;
                };
                verdict: string;
                /** @enum {string} */
                wouldRun: "immediately" | "after approval";
                policy: string;
                requiredApprovals: number;
            }[];
            /** @description How the investigation would end if every proposed action succeeded, and the evidence keys that would stay unsettled */
            outcome: {
                /** @enum {string} */
                ifActionsSucceed: "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type";
                unsettled: string[];
            };
        };
        Webhook: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("action.pending" | "action.decided" | "action.failed" | "investigation.completed" | "incident.created" | "incident.updated")[];
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            lastStatus: string | null;
            lastDeliveryAt: string | null;
            lastError: string | null;
            /** @description The first characters of the signing secret */
            secretPrefix: string;
        };
        NewWebhook: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("action.pending" | "action.decided" | "action.failed" | "investigation.completed" | "incident.created" | "incident.updated")[];
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            lastStatus: string | null;
            lastDeliveryAt: string | null;
            lastError: string | null;
            /** @description The first characters of the signing secret */
            secretPrefix: string;
            /** @description The signing secret: shown only in this response */
            secret: string;
        };
        WebhookList: {
            items: components["schemas"]["Webhook"][];
        };
        WebhookDelivery: {
            id: string;
            /** @enum {string} */
            event: "action.pending" | "action.decided" | "action.failed" | "investigation.completed" | "incident.created" | "incident.updated";
            /** Format: uuid */
            eventId: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            lastStatusCode: number | null;
            lastError: string | null;
            /** Format: date-time */
            createdAt: string;
            deliveredAt: string | null;
            /** Format: date-time */
            nextAttemptAt: string;
        };
        WebhookDeliveryList: {
            items: components["schemas"]["WebhookDelivery"][];
        };
        Indicator: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            type: "sha256" | "sha1" | "md5" | "url" | "ip" | "domain";
            /** @description Normalised: the form it is stored and matched in */
            value: string;
            /** @enum {string} */
            verdict: "malicious" | "suspicious" | "clean";
            source: string;
            description: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        IndicatorList: {
            items: components["schemas"]["Indicator"][];
        };
        IndicatorPage: {
            items: components["schemas"]["Indicator"][];
            nextCursor: string | null;
        };
        IndicatorImportResult: {
            imported: number;
            /** @description Objects or rows that are not indicators Quell stores */
            skipped: number;
            errors: {
                line?: number;
                index?: number;
                message: string;
            }[];
        };
        LabSeedResult: {
            /** @description What was written, by kind */
            seeded: {
                [key: string]: number;
            };
        };
        LabDevice: {
            deviceId: string;
            hostname: string;
            os: string | null;
            deviceGroup: string;
            risk: string;
            isolated: boolean;
            appRestricted: boolean;
            loggedOnUsers: string[];
            ips: string[];
            /** Format: date-time */
            lastSeenAt: string;
            avScans: number;
            packagesCollected: number;
        };
        LabDeviceList: {
            items: components["schemas"]["LabDevice"][];
        };
        LabUser: {
            upn: string;
            displayName: string | null;
            aadObjectId: string | null;
            sid: string | null;
            enabled: boolean;
            isAdmin: boolean;
            groups: string[];
            risk: string;
            compromised: boolean;
            passwordResetAt: string | null;
            sessionsRevokedAt: string | null;
        };
        LabUserList: {
            items: components["schemas"]["LabUser"][];
        };
        LabMailbox: {
            address: string;
            userUpn: string | null;
            externalForwarding: string | null;
            inboxRules: unknown[];
        };
        LabMailboxList: {
            items: components["schemas"]["LabMailbox"][];
        };
        LabMessage: {
            networkMessageId: string;
            internetMessageId: string | null;
            mailbox: string;
            sender: string;
            subject: string;
            urls: string[];
            attachmentSha256: string[];
            /** Format: date-time */
            receivedAt: string;
            deleted: boolean;
        };
        LabMessageList: {
            items: components["schemas"]["LabMessage"][];
        };
        LabFile: {
            deviceId: string;
            hostname: string | null;
            sha256: string;
            path: string;
            name: string;
            quarantined: boolean;
        };
        LabFileList: {
            items: components["schemas"]["LabFile"][];
        };
        LabPersistence: {
            deviceId: string;
            hostname: string | null;
            kind: string;
            location: string;
            removed: boolean;
        };
        LabPersistenceList: {
            items: components["schemas"]["LabPersistence"][];
        };
        LabBlock: {
            /** @enum {string} */
            kind: "sender" | "url" | "ip";
            value: string;
            /** Format: date-time */
            createdAt: string;
        };
        LabBlockList: {
            items: components["schemas"]["LabBlock"][];
        };
        LabSignin: {
            id: string;
            upn: string;
            /** Format: date-time */
            at: string;
            ip: string;
            country: string;
            /** @enum {string} */
            result: "success" | "failure";
        };
        LabSigninList: {
            items: components["schemas"]["LabSignin"][];
        };
        LabEffect: {
            actionId: string;
            operation: string;
            type: string;
            target: string;
            details: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            at: string;
        };
        LabEffectList: {
            items: components["schemas"]["LabEffect"][];
        };
        SourceStatus: {
            name: string;
            /** @enum {string} */
            kind: "graph_alerts" | "defender_incidents" | "sentinel";
            /**
             * @description file: SOURCES_CONFIG (read-only here); api: created through this API
             * @enum {string}
             */
            origin: "file" | "api";
            /** @enum {string} */
            state: "active" | "paused";
            apiUrl: string;
            intervalSeconds: number;
            overlapSeconds: number;
            /** @description Alerts the vendor updated before this (less the overlap) are stored */
            cursor: string | null;
            /** @description The sweep under way: it resumes from its next page after a restart */
            sweep: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                startedAt: string;
                newestSeen: string | null;
            } | null;
            /** @description When the last complete sweep began: everything updated before then is stored */
            caughtUpAt: string | null;
            /** @description Seconds since caughtUpAt */
            lagSeconds: number | null;
            lastRunAt: string | null;
            lastError: string | null;
            lastErrorAt: string | null;
            counts: {
                pages: number;
                pulled: number;
                errors: number;
                /** @description Pulled alerts by what ingestion did: created, updated, unchanged, rejected */
                outcomes: {
                    [key: string]: number;
                };
            };
        };
        SourceList: {
            items: components["schemas"]["SourceStatus"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listApiKeys: {
        parameters: {
            query?: {
                includeRevoked?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    role: "ingest" | "reader" | "analyst" | "approver" | "admin";
                    /** @description A service key, owned by no person (the default when the caller is itself a key) */
                    service?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewApiKey"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCaller: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Caller"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRoleAssignments: {
        parameters: {
            query?: {
                subject?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleAssignmentList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createRoleAssignment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    subject: string;
                    /** @enum {string} */
                    role: "ingest" | "reader" | "analyst" | "approver" | "admin";
                    scope: {
                        /** @constant */
                        kind: "all";
                    } | {
                        /** @constant */
                        kind: "device_group";
                        value: string;
                    } | {
                        /** @constant */
                        kind: "action_family";
                        /** @enum {string} */
                        value: "device" | "file" | "email" | "identity" | "network";
                    } | {
                        /** @constant */
                        kind: "incident_tag";
                        value: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleAssignment"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleAssignment"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteRoleAssignment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleAssignment"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSignInOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInOptions"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignOut"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPeople: {
        parameters: {
            query?: {
                includeDeactivated?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deactivatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonDeactivation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reactivatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonReactivation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                incidentId?: number;
                source?: string[];
                severity?: ("informational" | "low" | "medium" | "high")[];
                status?: ("new" | "in_progress" | "resolved")[];
                since?: string;
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingestAlerts: {
        parameters: {
            query?: {
                format?: "native" | "msgraph" | "sentinel" | "ocsf";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    externalId: string;
                    source: string;
                    detectionSource?: string;
                    title: string;
                    description?: string;
                    type?: string;
                    /** @enum {string} */
                    severity: "informational" | "low" | "medium" | "high";
                    category?: string;
                    mitreTechniques?: string[];
                    firstActivityAt?: string | number;
                    lastActivityAt?: string | number;
                    /**
                     * @description The detector's status of the alert; a resend that says resolved resolves it here
                     * @enum {string}
                     */
                    status?: "new" | "in_progress" | "resolved";
                    /** @description When the detector last changed the alert (Graph `lastUpdateDateTime`): a resend with an older one is ignored */
                    lastUpdatedAt?: string | number;
                    entities?: ({
                        /** @constant */
                        type: "device";
                        deviceId?: string;
                        hostname?: string;
                        aadDeviceId?: string;
                        os?: string;
                        deviceGroup?: string;
                        ips?: string[];
                        loggedOnUsers?: {
                            accountName?: string;
                            domain?: string;
                            sid?: string;
                            upn?: string;
                        }[];
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "user";
                        upn?: string;
                        sid?: string;
                        aadObjectId?: string;
                        accountName?: string;
                        domain?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "mailbox";
                        address: string;
                        displayName?: string;
                        upn?: string;
                        aadObjectId?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "ip";
                        address: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "url";
                        url: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "file";
                        sha256?: string;
                        sha1?: string;
                        md5?: string;
                        name?: string;
                        path?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "process";
                        pid?: number;
                        commandLine?: string;
                        imageFile?: string;
                        parent?: string;
                        deviceId?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "email";
                        networkMessageId: string;
                        internetMessageId?: string;
                        sender?: string;
                        recipient?: string;
                        subject?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "registry";
                        hive?: string;
                        key: string;
                        valueName?: string;
                        valueData?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "cloudApp";
                        appId?: string;
                        name: string;
                        roles?: string[];
                    })[];
                    raw?: unknown;
                } | {
                    externalId: string;
                    source: string;
                    detectionSource?: string;
                    title: string;
                    description?: string;
                    type?: string;
                    /** @enum {string} */
                    severity: "informational" | "low" | "medium" | "high";
                    category?: string;
                    mitreTechniques?: string[];
                    firstActivityAt?: string | number;
                    lastActivityAt?: string | number;
                    /**
                     * @description The detector's status of the alert; a resend that says resolved resolves it here
                     * @enum {string}
                     */
                    status?: "new" | "in_progress" | "resolved";
                    /** @description When the detector last changed the alert (Graph `lastUpdateDateTime`): a resend with an older one is ignored */
                    lastUpdatedAt?: string | number;
                    entities?: ({
                        /** @constant */
                        type: "device";
                        deviceId?: string;
                        hostname?: string;
                        aadDeviceId?: string;
                        os?: string;
                        deviceGroup?: string;
                        ips?: string[];
                        loggedOnUsers?: {
                            accountName?: string;
                            domain?: string;
                            sid?: string;
                            upn?: string;
                        }[];
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "user";
                        upn?: string;
                        sid?: string;
                        aadObjectId?: string;
                        accountName?: string;
                        domain?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "mailbox";
                        address: string;
                        displayName?: string;
                        upn?: string;
                        aadObjectId?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "ip";
                        address: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "url";
                        url: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "file";
                        sha256?: string;
                        sha1?: string;
                        md5?: string;
                        name?: string;
                        path?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "process";
                        pid?: number;
                        commandLine?: string;
                        imageFile?: string;
                        parent?: string;
                        deviceId?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "email";
                        networkMessageId: string;
                        internetMessageId?: string;
                        sender?: string;
                        recipient?: string;
                        subject?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "registry";
                        hive?: string;
                        key: string;
                        valueName?: string;
                        valueData?: string;
                        roles?: string[];
                    } | {
                        /** @constant */
                        type: "cloudApp";
                        appId?: string;
                        name: string;
                        roles?: string[];
                    })[];
                    raw?: unknown;
                }[];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAlertActivity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertActivity"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    moveAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    incidentId?: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertMove"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIncidents: {
        parameters: {
            query?: {
                status?: ("active" | "in_progress" | "resolved" | "redirected")[];
                severity?: ("informational" | "low" | "medium" | "high")[];
                includeInformational?: "true" | "false";
                assignedTo?: string[];
                unassigned?: "true" | "false";
                classification?: ("none" | "true_positive" | "informational_expected_activity" | "false_positive")[];
                determination?: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate")[];
                tag?: string[];
                source?: string[];
                detectionSource?: string[];
                category?: string[];
                multipleSources?: "true" | "false";
                entity?: string;
                q?: string;
                investigationState?: string[];
                since?: string;
                until?: string;
                sort?: "lastActivityAt" | "severity" | "createdAt" | "alertCount" | "id";
                order?: "asc" | "desc";
                limit?: number;
                cursor?: string;
                count?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIncidentChanges: {
        parameters: {
            query?: {
                /** @description The cursor of the previous answer; absent: from the first change */
                since?: string;
                /** @description `true`: no items, only the cursor of the newest change so far, where a view that has just read the incidents starts polling */
                latest?: "true" | "false";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentChangeFeed"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIncidents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: number[];
                    changes: {
                        name?: string;
                        assignedTo?: string | null;
                        /** @enum {string} */
                        status?: "active" | "in_progress" | "resolved";
                        severity?: ("informational" | "low" | "medium" | "high") | null;
                        classification?: ("true_positive" | "informational_expected_activity" | "false_positive") | null;
                        determination?: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate") | null;
                        tags?: string[];
                        addTags?: string[];
                        removeTags?: string[];
                        resolutionComment?: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkUpdateResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The incident's version, for If-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Incident"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIncident: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the incident as read; a stale one is refused with 412 */
                "If-Match"?: string;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    assignedTo?: string | null;
                    /** @enum {string} */
                    status?: "active" | "in_progress" | "resolved";
                    severity?: ("informational" | "low" | "medium" | "high") | null;
                    classification?: ("true_positive" | "informational_expected_activity" | "false_positive") | null;
                    determination?: ("multistage_attack" | "malicious_user_activity" | "compromised_account" | "malware" | "phishing" | "unwanted_software" | "other" | "security_testing" | "line_of_business_application" | "confirmed_activity" | "not_malicious" | "not_enough_data_to_validate") | null;
                    tags?: string[];
                    addTags?: string[];
                    removeTags?: string[];
                    resolutionComment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The incident's version, for If-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentWithAssets"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIncidentGraph: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentGraph"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addIncidentComment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentComment"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIncidentActivity: {
        parameters: {
            query?: {
                kind?: string[];
                actor?: string[];
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    mergeIncidents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    sourceIds: number[];
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MergeResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTags: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSocMetrics: {
        parameters: {
            query?: {
                since?: string;
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SocMetrics"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInvestigations: {
        parameters: {
            query?: {
                state?: ("queued" | "running" | "pending_approval" | "remediated" | "partially_remediated" | "no_threats_found" | "partially_investigated" | "failed" | "terminated_by_user" | "terminated_by_system" | "unsupported_alert_type" | "automation_off")[];
                incidentId?: number;
                since?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvestigationPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startInvestigation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    incidentId?: number;
                    /** Format: uuid */
                    alertId?: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvestigationStart"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestigation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Investigation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelInvestigation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Investigation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listActions: {
        parameters: {
            query?: {
                status?: ("pending" | "approved" | "rejected" | "expired" | "running" | "succeeded" | "failed" | "undone")[];
                type?: ("isolate_device" | "release_device" | "restrict_app_execution" | "remove_app_restriction" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "restore_file" | "block_file" | "unblock_file" | "remove_persistence" | "restore_persistence" | "soft_delete_email" | "restore_email" | "block_sender" | "unblock_sender" | "block_url" | "unblock_url" | "remove_inbox_rule" | "restore_inbox_rule" | "disable_external_forwarding" | "restore_external_forwarding" | "disable_user" | "enable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "mark_user_safe" | "block_ip" | "unblock_ip")[];
                family?: ("device" | "file" | "email" | "identity" | "network")[];
                source?: ("automated" | "manual")[];
                incidentId?: number;
                investigationId?: string;
                target?: string;
                decidedBy?: string;
                since?: string;
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestAction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    type: "isolate_device" | "restrict_app_execution" | "run_av_scan" | "collect_investigation_package" | "quarantine_file" | "stop_and_quarantine_file" | "block_file" | "remove_persistence" | "soft_delete_email" | "block_sender" | "block_url" | "remove_inbox_rule" | "disable_external_forwarding" | "disable_user" | "reset_password" | "revoke_sessions" | "mark_user_compromised" | "block_ip";
                    target: {
                        [key: string]: unknown;
                    };
                    reason: string;
                    incidentId?: number;
                    params?: {
                        [key: string]: unknown;
                    };
                    /** @description Time-boxed containment: once it succeeds, the action is undone this many seconds later unless renewed (reversible actions only) */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideActions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: string[];
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkDecisionResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getActionImpact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionImpactView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDecision"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDecision"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    undoAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    renewAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The containment ends this many seconds from now */
                    durationSeconds: number;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAutomation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The settings' version, for If-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putAutomation: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the settings as read; a stale one is refused with 412 */
                "If-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default full
                     * @enum {string}
                     */
                    defaultLevel?: "full" | "semi_all" | "semi_core_folders" | "semi_non_temp_folders" | "none";
                    /** @default {} */
                    deviceGroups?: {
                        [key: string]: "full" | "semi_all" | "semi_core_folders" | "semi_non_temp_folders" | "none";
                    };
                    /**
                     * @default {
                     *       "email": "approval",
                     *       "identity": "approval"
                     *     }
                     */
                    families?: {
                        [key: string]: "automatic" | "approval";
                    };
                    /**
                     * @default [
                     *       "C:\\Windows\\",
                     *       "C:\\Program Files\\",
                     *       "C:\\Program Files (x86)\\"
                     *     ]
                     */
                    coreFolders?: string[];
                    /**
                     * @default [
                     *       "C:\\Windows\\Temp\\",
                     *       "C:\\Users\\*\\AppData\\Local\\Temp\\",
                     *       "C:\\Temp\\",
                     *       "/tmp/"
                     *     ]
                     */
                    tempFolders?: string[];
                    /** @default 10 */
                    bulkDeviceThreshold?: number;
                    /**
                     * @default {
                     *       "disable_user": {
                     *         "approvers": 2
                     *       }
                     *     }
                     */
                    approvalRules?: {
                        [key: string]: {
                            approvers: number;
                        };
                    };
                    /** @default false */
                    allowSelfApproval?: boolean;
                    /** @default 604800 */
                    pendingExpirySeconds?: number;
                    /** @default {} */
                    connectors?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The settings' version, for If-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAutomationShadow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationShadowView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putAutomationShadow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default full
                     * @enum {string}
                     */
                    defaultLevel?: "full" | "semi_all" | "semi_core_folders" | "semi_non_temp_folders" | "none";
                    /** @default {} */
                    deviceGroups?: {
                        [key: string]: "full" | "semi_all" | "semi_core_folders" | "semi_non_temp_folders" | "none";
                    };
                    /**
                     * @default {
                     *       "email": "approval",
                     *       "identity": "approval"
                     *     }
                     */
                    families?: {
                        [key: string]: "automatic" | "approval";
                    };
                    /**
                     * @default [
                     *       "C:\\Windows\\",
                     *       "C:\\Program Files\\",
                     *       "C:\\Program Files (x86)\\"
                     *     ]
                     */
                    coreFolders?: string[];
                    /**
                     * @default [
                     *       "C:\\Windows\\Temp\\",
                     *       "C:\\Users\\*\\AppData\\Local\\Temp\\",
                     *       "C:\\Temp\\",
                     *       "/tmp/"
                     *     ]
                     */
                    tempFolders?: string[];
                    /** @default 10 */
                    bulkDeviceThreshold?: number;
                    /**
                     * @default {
                     *       "disable_user": {
                     *         "approvers": 2
                     *       }
                     *     }
                     */
                    approvalRules?: {
                        [key: string]: {
                            approvers: number;
                        };
                    };
                    /** @default false */
                    allowSelfApproval?: boolean;
                    /** @default 604800 */
                    pendingExpirySeconds?: number;
                    /** @default {} */
                    connectors?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationShadowView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAutomationShadow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationShadowView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAutomationShadowReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationShadowReport"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    promoteAutomationShadow: {
        parameters: {
            query?: never;
            header: {
                /** @description The ETag of the live settings (GET /automation); a stale one is refused with 412 */
                "If-Match": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The live settings' new version */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationPromotion"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Required */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRollbackPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackPlan"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rollbackIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Without it (or false) the answer is the plan and nothing changes
                     * @default false
                     */
                    confirm?: boolean;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackAnswer"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackAnswer"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRollback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                operationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackOperation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPlaybooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    validatePlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/yaml": {
                    yaml: string;
                };
                "application/json": {
                    yaml: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookValidation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    simulatePlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    playbook?: string;
                    yaml?: string;
                    alert?: unknown;
                    /** Format: uuid */
                    alertId?: string;
                    fixtures?: {
                        [key: string]: unknown;
                    };
                    /** @default true */
                    useLab?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Simulation"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reloadPlaybooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookLoadReport"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookDetail"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPlaybookVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookVersionList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerPlaybookVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    yaml: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookVersion"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setPlaybookVersionShadow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                versionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    shadow: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookVersion"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    promotePlaybookVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                versionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    evidence: {
                        /** @default [] */
                        backtestIds?: string[];
                        /** @default [] */
                        shadowAlertIds?: string[];
                    };
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookVersion"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revertPlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybookRevert"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listShadowRuns: {
        parameters: {
            query?: {
                versionId?: string;
                alertId?: string;
                limit?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShadowRunList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startBacktest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    versionId: string;
                    /** Format: date-time */
                    from: string;
                    /** Format: date-time */
                    to: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backtest"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBacktest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backtest"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    url: string;
                    events: ("action.pending" | "action.decided" | "action.failed" | "investigation.completed" | "incident.created" | "incident.updated")[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewWebhook"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listConnectors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectorList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    seedLab: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabSeedResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabDevices: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabDeviceList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabUsers: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabUserList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabMailboxes: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabMailboxList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabMessages: {
        parameters: {
            query?: {
                limit?: number;
                mailbox?: string;
                sender?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabMessageList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabFiles: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabFileList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabPersistence: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabPersistenceList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabBlocks: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabBlockList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabSignins: {
        parameters: {
            query?: {
                limit?: number;
                upn?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabSigninList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLabEffects: {
        parameters: {
            query?: {
                limit?: number;
                actionId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabEffectList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIndicators: {
        parameters: {
            query?: {
                type?: ("sha256" | "sha1" | "md5" | "url" | "ip" | "domain")[];
                verdict?: ("malicious" | "suspicious" | "clean")[];
                value?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndicatorPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIndicators: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    type: "sha256" | "sha1" | "md5" | "url" | "ip" | "domain";
                    value: string;
                    /** @enum {string} */
                    verdict: "malicious" | "suspicious" | "clean";
                    source?: string;
                    description?: string;
                } | {
                    /** @enum {string} */
                    type: "sha256" | "sha1" | "md5" | "url" | "ip" | "domain";
                    value: string;
                    /** @enum {string} */
                    verdict: "malicious" | "suspicious" | "clean";
                    source?: string;
                    description?: string;
                }[];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndicatorList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteIndicator: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Indicator"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importIndicators: {
        parameters: {
            query: {
                format: "stix" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": ({
                    /** @constant */
                    type: "bundle";
                    objects: ({
                        type: string;
                    } & {
                        [key: string]: unknown;
                    })[];
                } & {
                    [key: string]: unknown;
                }) | {
                    csv: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndicatorImportResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSource: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @constant */
                    kind: "graph_alerts";
                    name: string;
                    tenantId: string;
                    clientId: string;
                    /**
                     * Format: uri
                     * @default https://login.microsoftonline.com
                     */
                    loginUrl?: string;
                    /** @default false */
                    allowInsecureHttp?: boolean;
                    /** @default 30 */
                    requestTimeoutSeconds?: number;
                    /** @default 60 */
                    intervalSeconds?: number;
                    /** @default 120 */
                    overlapSeconds?: number;
                    /** Format: date-time */
                    startAt?: string;
                    clientSecret: string;
                    /**
                     * Format: uri
                     * @default https://graph.microsoft.com
                     */
                    apiUrl?: string;
                    /** @default 500 */
                    pageSize?: number;
                } | {
                    /** @constant */
                    kind: "defender_incidents";
                    name: string;
                    tenantId: string;
                    clientId: string;
                    /**
                     * Format: uri
                     * @default https://login.microsoftonline.com
                     */
                    loginUrl?: string;
                    /** @default false */
                    allowInsecureHttp?: boolean;
                    /** @default 30 */
                    requestTimeoutSeconds?: number;
                    /** @default 60 */
                    intervalSeconds?: number;
                    /** @default 120 */
                    overlapSeconds?: number;
                    /** Format: date-time */
                    startAt?: string;
                    clientSecret: string;
                    /**
                     * Format: uri
                     * @default https://graph.microsoft.com
                     */
                    apiUrl?: string;
                    /** @default 50 */
                    pageSize?: number;
                    /** @default false */
                    useVendorGrouping?: boolean;
                } | {
                    /** @constant */
                    kind: "sentinel";
                    name: string;
                    tenantId: string;
                    clientId: string;
                    /**
                     * Format: uri
                     * @default https://login.microsoftonline.com
                     */
                    loginUrl?: string;
                    /** @default false */
                    allowInsecureHttp?: boolean;
                    /** @default 30 */
                    requestTimeoutSeconds?: number;
                    /** @default 60 */
                    intervalSeconds?: number;
                    /** @default 120 */
                    overlapSeconds?: number;
                    /** Format: date-time */
                    startAt?: string;
                    clientSecret: string;
                    /**
                     * Format: uri
                     * @default https://api.loganalytics.io
                     */
                    apiUrl?: string;
                    /** Format: uuid */
                    workspaceId: string;
                    /** @default 500 */
                    pageSize?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceStatus"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @constant */
                    kind: "graph_alerts";
                    name: string;
                    tenantId: string;
                    clientId: string;
                    /**
                     * Format: uri
                     * @default https://login.microsoftonline.com
                     */
                    loginUrl?: string;
                    /** @default false */
                    allowInsecureHttp?: boolean;
                    /** @default 30 */
                    requestTimeoutSeconds?: number;
                    /** @default 60 */
                    intervalSeconds?: number;
                    /** @default 120 */
                    overlapSeconds?: number;
                    /** Format: date-time */
                    startAt?: string;
                    clientSecret: string;
                    /**
                     * Format: uri
                     * @default https://graph.microsoft.com
                     */
                    apiUrl?: string;
                    /** @default 500 */
                    pageSize?: number;
                } | {
                    /** @constant */
                    kind: "defender_incidents";
                    name: string;
                    tenantId: string;
                    clientId: string;
                    /**
                     * Format: uri
                     * @default https://login.microsoftonline.com
                     */
                    loginUrl?: string;
                    /** @default false */
                    allowInsecureHttp?: boolean;
                    /** @default 30 */
                    requestTimeoutSeconds?: number;
                    /** @default 60 */
                    intervalSeconds?: number;
                    /** @default 120 */
                    overlapSeconds?: number;
                    /** Format: date-time */
                    startAt?: string;
                    clientSecret: string;
                    /**
                     * Format: uri
                     * @default https://graph.microsoft.com
                     */
                    apiUrl?: string;
                    /** @default 50 */
                    pageSize?: number;
                    /** @default false */
                    useVendorGrouping?: boolean;
                } | {
                    /** @constant */
                    kind: "sentinel";
                    name: string;
                    tenantId: string;
                    clientId: string;
                    /**
                     * Format: uri
                     * @default https://login.microsoftonline.com
                     */
                    loginUrl?: string;
                    /** @default false */
                    allowInsecureHttp?: boolean;
                    /** @default 30 */
                    requestTimeoutSeconds?: number;
                    /** @default 60 */
                    intervalSeconds?: number;
                    /** @default 120 */
                    overlapSeconds?: number;
                    /** Format: date-time */
                    startAt?: string;
                    clientSecret: string;
                    /**
                     * Format: uri
                     * @default https://api.loganalytics.io
                     */
                    apiUrl?: string;
                    /** Format: uuid */
                    workspaceId: string;
                    /** @default 500 */
                    pageSize?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceStatus"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceStatus"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceStatus"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    backfillSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Pull again everything the vendor updated since this time
                     */
                    from: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceStatus"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                action?: ("auth.failed" | "auth.signed_in" | "auth.sign_in_failed" | "auth.signed_out" | "key.created" | "key.revoked" | "incident.updated" | "incident.commented" | "incident.merged" | "alert.moved" | "action.requested" | "action.approved" | "action.rejected" | "action.undo_requested" | "action.retry_requested" | "action.renewed" | "action.approval_withdrawn" | "incident.rollback_requested" | "automation.updated" | "automation.shadow_started" | "automation.shadow_ended" | "automation.shadow_promoted" | "webhook.created" | "webhook.deleted" | "playbooks.reloaded" | "role_assignment.created" | "role_assignment.deleted" | "person.deactivated" | "person.reactivated" | "playbook.version_registered" | "playbook.shadow_changed" | "playbook.promoted" | "playbook.reverted" | "playbook.backtest_started" | "source.created" | "source.updated" | "source.deleted")[];
                /** @description The actor's id (a key's id) or name */
                actor?: string;
                targetType?: string;
                targetId?: string;
                from?: string;
                to?: string;
                limit?: number;
                cursor?: string;
                /** @description `jsonl` exports every matching entry as JSON lines (as `Accept: application/x-ndjson` does) */
                format?: "json" | "jsonl";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                    "application/x-ndjson": components["schemas"]["AuditEntry"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCorrelationSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The settings' version, for If-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationSettingsView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putCorrelationSettings: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the settings as read; a stale one is refused with 412 */
                "If-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    windowHours?: number;
                    prevalenceLimit?: number;
                    mergeCap?: number;
                    ignoreKeys?: string[];
                    ignore?: {
                        [key: string]: {
                            /** @default [] */
                            values?: string[];
                            /** @default [] */
                            patterns?: string[];
                        };
                    };
                    disabledEntityTypes?: ("device" | "user" | "mailbox" | "ip" | "url" | "file" | "process" | "email" | "registry" | "cloudApp")[];
                    disabledKeyTypes?: ("device:id" | "device:aad" | "device:host" | "user:upn" | "user:sid" | "user:aad" | "user:name" | "mailbox" | "ip" | "url" | "host" | "domain" | "file:sha256" | "file:sha1" | "file:md5" | "email" | "registry" | "cloudapp:id" | "cloudapp:name" | "vendor:incident")[];
                    weakLinks?: {
                        proximityMinutes: number;
                        estateLimit: number;
                        estateLookbackDays: number;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The settings' version, for If-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationSettingsView"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCorrelationSettingsChanges: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationSettingsHistory"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCorrelationProposals: {
        parameters: {
            query?: {
                status?: ("open" | "accepted" | "dismissed")[];
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationProposalPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptCorrelationProposal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationProposal"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dismissCorrelationProposal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationProposal"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
