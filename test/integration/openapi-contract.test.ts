import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Role } from '../../src/auth/roles.js';
import { alertWorkflowId, backtestWorkflowId } from '../../workflows/ids.js';
import { Contract, type Exchange, type OpenApiDocument, operationsOf } from '../support/contract.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';
import { type RouteInfo, routesOf } from '../support/routes.js';

const hex = (n: number) => randomBytes(n).toString('hex');
const NOBODY = '00000000-0000-4000-8000-00000000dead';
/** A role that may not call an operation that needs `role` (every role is refused somewhere). */
const OUTSIDER: Record<Role, Role> = { ingest: 'reader', reader: 'ingest', analyst: 'reader', approver: 'analyst', admin: 'analyst' };

interface Call {
  role?: Role;
  body?: unknown;
  query?: string;
  headers?: Record<string, string>;
  /** The answer expected; anything else fails the test (the contract check runs either way). */
  status: number | number[];
}

/**
 * Every operation of /openapi.json, called on a running Quell: each real answer (successes and
 * problems alike) must be a documented status, media type and body shape of that operation.
 */
describe('the OpenAPI document is the contract of every answer', () => {
  let q: TestQuell;
  let doc: OpenApiDocument;
  let contract: Contract;
  const exchanges: (Exchange & { operationId: string })[] = [];
  const violations: string[] = [];
  const ops = new Map<string, { method: string; path: string; role: Role }>();
  let routes: RouteInfo[];

  beforeAll(async () => {
    // One pull source, on a port nobody listens on: its status and controls answer all the same.
    const source = {
      name: 'contract-graph',
      kind: 'graph_alerts',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'quell-pull',
      clientSecretVar: 'CONTRACT_SOURCE_SECRET',
      apiUrl: 'http://127.0.0.1:9',
      loginUrl: 'http://127.0.0.1:9',
      allowInsecureHttp: true,
    };
    q = await startQuell({
      env: {
        AUTH_FAILURE_LIMIT: '0',
        INGEST_RATE_LIMIT: '0',
        CONTRACT_SOURCE_SECRET: 'contract-secret',
        SOURCES_CONFIG: JSON.stringify({ sources: [source] }),
      },
    });
    doc = (await q.http.get('/openapi.json').expect(200)).body as OpenApiDocument;
    contract = new Contract(doc);
    routes = routesOf(q.app);
    const access = Object.fromEntries(routes.map((r) => [r.key.replace(/^(\w+) /, (_, m: string) => `${m.toLowerCase()} `), r.access]));
    for (const { method, path, op } of operationsOf(doc))
      ops.set(op.operationId!, { method, path, role: access[`${method} ${path}`] as Role });
  });
  afterAll(async () => {
    const covered = new Set(exchanges.map((x) => x.operationId));
    process.stderr.write(
      `openapi contract: ${ops.size} operations (${covered.size} called), ${Object.keys(doc?.components.schemas ?? {}).length} component schemas, ` +
        `${exchanges.length} real responses validated, ${violations.length} violations\n`,
    );
    await q.close();
  });

  /** Calls an operation by its operationId, checks the answer against the document and records it. */
  async function call(operationId: string, params: Record<string, string | number>, c: Call) {
    const op = ops.get(operationId);
    if (!op) throw new Error(`no operation ${operationId} in the document`);
    const url =
      op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name]))) + (c.query ? `?${c.query}` : '');
    let req = q.http[op.method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    if (c.role) req = req.set(await q.auth(c.role));
    if (c.headers) req = req.set(c.headers);
    const res = c.body === undefined ? await req : await req.send(c.body as object);
    const x = {
      operationId,
      method: op.method,
      path: op.path,
      status: res.status,
      contentType: res.headers['content-type'],
      body: res.body,
      text: res.text ?? '',
    };
    exchanges.push(x);
    violations.push(...contract.check(x));
    const expected = Array.isArray(c.status) ? c.status : [c.status];
    if (!expected.includes(res.status))
      throw new Error(`${operationId} ${url}: expected ${expected.join(' or ')}, got ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  }

  async function incidentOf(alertId: string): Promise<number> {
    const result = await workflowResult(q.client, alertWorkflowId(alertId));
    return result.incidentId;
  }

  it('describes a complete contract: responses, problems, components, operation ids, the key scheme', () => {
    const all = operationsOf(doc);
    const withoutBody = all.flatMap(({ method, path, op }) =>
      Object.entries(op.responses ?? {})
        .filter(([status, r]) => status !== '204' && !r.content)
        .map(([status]) => `${method} ${path} ${status}`),
    );
    expect(withoutBody).toEqual([]);
    for (const { method, path, op } of all) {
      const statuses = Object.keys(op.responses ?? {});
      const where = `${method} ${path}`;
      expect([where, statuses.some((s) => /^2/.test(s))]).toEqual([where, true]);
      for (const status of statuses.filter((s) => /^2/.test(s) && s !== '204')) {
        const schema = op.responses![status].content?.['application/json']?.schema as { $ref?: string } | undefined;
        expect([where, status, schema?.$ref?.startsWith('#/components/schemas/')]).toEqual([where, status, true]);
      }
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        expect([where, status, op.responses![status].content]).toEqual([
          where,
          status,
          { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ]);
      }
      expect([where, statuses]).toEqual([where, expect.arrayContaining(['400', '401', '403'])]);
    }
    const ids = all.map(({ op }) => op.operationId);
    expect(ids.every((id) => /^[a-z][A-Za-z]+$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'Incident', 'IncidentSummary', 'Action', 'Alert', 'Entity']),
    );
    const bearer = doc.components.securitySchemes?.bearer;
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(JSON.stringify(bearer)).not.toMatch(/jwt/i);
  });

  it('documents every query and path parameter from the zod schema that validates it', async () => {
    const input = (schema: z.ZodType) => {
      const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return rest as { properties?: Record<string, unknown>; required?: string[] };
    };
    expect(routes.filter((r) => r.query).length).toBeGreaterThan(10);
    // Routes left out of the document (health, metrics) are not API operations.
    const documentedRoutes = routes.filter((r) => doc.paths[r.path]?.[r.method.toLowerCase()]);
    expect(documentedRoutes.length).toBe(ops.size);
    for (const route of documentedRoutes) {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      const where = route.key;
      const documented = (place: string) => (op.parameters ?? []).filter((p) => p.in === place);
      // A route without a query schema refuses every query parameter, so it documents none.
      const query = route.query ? input(route.query) : { properties: {} };
      expect([where, documented('query').map((p) => [p.name, p.required ?? false, p.schema])]).toEqual([
        where,
        Object.entries(query.properties ?? {}).map(([name, schema]) => [name, query.required?.includes(name) ?? false, schema]),
      ]);
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect([where, documented('path').map((p) => [p.name, p.required, p.schema])]).toEqual([
        where,
        names.map((name) => [name, true, route.params[name] ? input(route.params[name]) : 'a path parameter without a schema']),
      ]);
    }

    // What the document lists is what the API accepts: every documented status, repeated and comma-separated.
    const statusParam = doc.paths['/api/v1/incidents'].get.parameters?.find((p) => p.name === 'status');
    const statuses = (statusParam?.schema as { items: { enum: string[] } }).items.enum;
    expect(statuses).toEqual(expect.arrayContaining(['active', 'resolved']));
    await call('listIncidents', {}, { role: 'reader', query: statuses.map((s) => `status=${s}`).join('&'), status: 200 });
    await call('listIncidents', {}, { role: 'reader', query: `status=${statuses.join(',')}&sort=severity&limit=1`, status: 200 });
    await call('listIncidents', {}, { role: 'reader', query: 'status=open', status: 400 });
    await call('getIncident', { id: 'one' }, { role: 'reader', status: 400 });
  });

  it('answers every operation as documented, in a real investigation', async () => {
    await call('seedLab', {}, { role: 'admin', status: 200 });
    for (const op of [
      'listLabDevices',
      'listLabUsers',
      'listLabMailboxes',
      'listLabFiles',
      'listLabPersistence',
      'listLabSignins',
      'listLabEffects',
    ]) {
      await call(op, {}, { role: 'reader', status: 200 });
    }
    await call('listLabMessages', {}, { role: 'reader', query: 'limit=5', status: 200 });

    // Device and file actions wait for a person, so the investigation stops at pending_approval.
    await call('putAutomation', {}, { role: 'admin', body: { defaultLevel: 'semi_all' }, status: 200 });
    const host = await addLabDevice(q.db);
    const malware = hex(32);
    await addIndicator(q.db, malware, 'malicious');
    const alert = (over: object = {}) => ({
      externalId: hex(6),
      source: 'endpoint',
      title: 'Malware detected',
      severity: 'high',
      category: 'Execution',
      entities: [
        { type: 'device', hostname: host },
        { type: 'file', sha256: malware, name: 'evil.exe', path: 'C:\\Users\\a\\Downloads\\' },
        { type: 'user', upn: `u-${hex(3)}@contoso.com` },
      ],
      ...over,
    });
    const ingested = await call(
      'ingestAlerts',
      {},
      { role: 'ingest', body: [alert(), alert({ entities: [{ type: 'device', hostname: host }] })], status: 202 },
    );
    await call('ingestAlerts', {}, { role: 'ingest', body: { title: 'no' }, status: 400 });
    const [first, second] = ingested.body.results.map((r: { id: string }) => r.id);
    const incidentId = await incidentOf(first);
    await incidentOf(second);
    const other = await call(
      'ingestAlerts',
      {},
      { role: 'ingest', body: alert({ entities: [{ type: 'device', hostname: `other-${hex(3)}` }] }), status: 202 },
    );
    const otherIncident = await incidentOf(other.body.results[0].id);

    await call('listAlerts', {}, { role: 'reader', query: 'limit=2', status: 200 });
    await call('getAlert', { id: first }, { role: 'reader', status: 200 });
    await call('listAlertActivity', { id: first }, { role: 'reader', status: 200 });
    await call('listIncidents', {}, { role: 'reader', query: 'count=true', status: 200 });
    const got = await call('getIncident', { id: incidentId }, { role: 'reader', status: 200 });
    await call(
      'updateIncident',
      { id: incidentId },
      { role: 'analyst', body: { tags: ['contract'] }, headers: { 'If-Match': got.headers.etag }, status: 200 },
    );
    await call(
      'updateIncident',
      { id: incidentId },
      { role: 'analyst', body: { name: 'x' }, headers: { 'If-Match': got.headers.etag }, status: 412 },
    );
    await call('updateIncident', { id: incidentId }, { role: 'analyst', body: { determination: 'malware' }, status: 400 });
    await call('addIncidentComment', { id: incidentId }, { role: 'analyst', body: { text: 'looking' }, status: 201 });
    await call('listIncidentActivity', { id: incidentId }, { role: 'reader', status: 200 });
    await call(
      'updateIncidents',
      {},
      { role: 'analyst', body: { ids: [incidentId, 999999], changes: { addTags: ['bulk'] } }, status: 200 },
    );
    await call('listTags', {}, { role: 'reader', status: 200 });
    await call('getCaller', {}, { role: 'reader', status: 200 });
    await call('getSocMetrics', {}, { role: 'reader', status: 200 });

    // The malware alert's investigation waits for approval. (The device-only alert may have been
    // investigated on its own before correlation joined the two, and ended clean: not that one.)
    const investigation = await eventually(async () => {
      const page = await call('listInvestigations', {}, { role: 'reader', query: `incidentId=${incidentId}`, status: 200 });
      return (page.body.items as { id: string; state: string }[]).find((i) => i.state === 'pending_approval');
    }, 60_000);
    await call('getInvestigation', { id: investigation.id }, { role: 'reader', status: 200 });
    // One automated action approved and carried out, then rolled back in one call.
    const proposed = await call(
      'listActions',
      {},
      { role: 'reader', query: `incidentId=${incidentId}&status=pending&source=automated`, status: 200 },
    );
    const reversible = (proposed.body.items as { id: string; reversible: boolean; requiredApprovals: number }[]).find(
      (a) => a.reversible && a.requiredApprovals === 1,
    )!;
    // Its impact with a playbook dry run, as the contract documents it.
    await call('getActionImpact', { id: reversible.id }, { role: 'reader', status: 200 });
    await call('approveAction', { id: reversible.id }, { role: 'approver', status: 200 });
    await call('getRollbackPlan', { id: incidentId }, { role: 'reader', status: 200 });
    await call('getRollbackPlan', { id: 999999 }, { role: 'reader', status: 404 });
    await call('rollbackIncident', { id: incidentId }, { role: 'approver', body: {}, status: 200 });
    await call('rollbackIncident', { id: incidentId }, { role: 'approver', body: { confirm: 1 }, status: 400 });
    const rollback = await call('rollbackIncident', { id: incidentId }, { role: 'approver', body: { confirm: true }, status: 202 });
    await eventually(async () => {
      const op = await call('getRollback', { id: incidentId, operationId: rollback.body.operation.id }, { role: 'reader', status: 200 });
      return op.body.status === 'running' ? undefined : op;
    });
    await call('getRollback', { id: incidentId, operationId: `rollback-${incidentId}-99` }, { role: 'reader', status: 404 });
    await call('cancelInvestigation', { id: investigation.id }, { role: 'analyst', body: { reason: 'enough' }, status: 200 });
    await call('cancelInvestigation', { id: investigation.id }, { role: 'analyst', status: 409 });
    await call('startInvestigation', {}, { role: 'analyst', body: { incidentId: otherIncident }, status: 202 });
    const graph = await call('getIncidentGraph', { id: incidentId }, { role: 'reader', status: 200 });
    const nodes: { id: string; kind: string; entityType?: string; verdict?: string | null }[] = graph.body.nodes;
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining([`alert:${first}`, `alert:${second}`]));
    expect(nodes.find((n) => n.entityType === 'file')?.verdict).toBe('malicious');
    expect(graph.body.edges).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'seen_with', alerts: 1 })]));

    const moved = await call('moveAlert', { id: second }, { role: 'analyst', body: { reason: 'separate story' }, status: 200 });
    // The move proposes ignoring the host that linked the alerts; once it is ignored, the merge proposes using it again.
    const ignoreHost = await call('listCorrelationProposals', {}, { role: 'reader', query: 'status=open', status: 200 });
    await call('acceptCorrelationProposal', { id: ignoreHost.body.items[0].id }, { role: 'admin', status: 200 });
    await call(
      'mergeIncidents',
      { id: incidentId },
      { role: 'analyst', body: { sourceIds: [moved.body.to], reason: 'same attack after all' }, status: 200 },
    );
    const useHost = await call('listCorrelationProposals', {}, { role: 'reader', query: 'status=open', status: 200 });
    await call('dismissCorrelationProposal', { id: useHost.body.items[0].id }, { role: 'admin', status: 200 });
    await call('getIncident', { id: moved.body.to }, { role: 'reader', status: 200 });
    await call('getIncident', { id: 999999 }, { role: 'reader', status: 404 });
    await call('mergeIncidents', { id: incidentId }, { role: 'analyst', body: { sourceIds: [999999], reason: 'none' }, status: 404 });

    const feed = await eventually(async () => {
      const res = await call('listIncidentChanges', {}, { role: 'reader', status: 200 });
      return res.body.items.some((i: { id: number }) => i.id === incidentId) ? res : undefined;
    });
    await call('listIncidentChanges', {}, { role: 'reader', query: `since=${feed.body.cursor}&limit=10`, status: 200 });
    await call('listIncidentChanges', {}, { role: 'reader', query: 'since=garbage', status: 400 });

    const sender = { type: 'mailbox', address: `evil-${hex(3)}@fabrikam.example` };
    const pending = await call(
      'requestAction',
      {},
      { role: 'analyst', body: { type: 'block_sender', target: sender, reason: 'phish', incidentId, durationSeconds: 3600 }, status: 201 },
    );
    await call('getActionImpact', { id: pending.body.id }, { role: 'reader', status: 200 });
    await call('getActionImpact', { id: 'act-000000000000000000000000' }, { role: 'reader', status: 404 });
    await call('approveAction', { id: pending.body.id }, { role: 'approver', body: { comment: 'go' }, status: 200 });
    const done = await eventually(async () => {
      const a = await call('getAction', { id: pending.body.id }, { role: 'reader', status: 200 });
      return a.body.status === 'succeeded' && a.body.containmentUntil ? a : undefined;
    });
    await call('renewAction', { id: done.body.id }, { role: 'approver', body: { durationSeconds: 7200, comment: 'longer' }, status: 200 });
    await call('renewAction', { id: done.body.id }, { role: 'approver', body: { durationSeconds: 0 }, status: 400 });
    await call('undoAction', { id: done.body.id }, { role: 'approver', status: [200, 202] });
    await call('retryAction', { id: done.body.id }, { role: 'approver', status: 409 });
    await call('approveAction', { id: done.body.id }, { role: 'approver', status: 409 });
    const url = { type: 'url', url: `https://bad-${hex(3)}.example/login` };
    const toReject = await call(
      'requestAction',
      {},
      { role: 'analyst', body: { type: 'block_url', target: url, reason: 'phish' }, status: 201 },
    );
    await call('rejectAction', { id: toReject.body.id }, { role: 'approver', status: 200 });
    const another = await call(
      'requestAction',
      {},
      { role: 'analyst', body: { type: 'block_url', target: { ...url, url: `${url.url}/2` }, reason: 'phish' }, status: 201 },
    );
    await call(
      'decideActions',
      {},
      { role: 'approver', body: { ids: [another.body.id, toReject.body.id], decision: 'reject' }, status: 200 },
    );
    await call('listActions', {}, { role: 'reader', query: 'limit=5', status: 200 });
    await call('getAction', { id: 'act-000000000000000000000000' }, { role: 'reader', status: 404 });

    const automation = await call('getAutomation', {}, { role: 'reader', status: 200 });
    await call('putAutomation', {}, { role: 'admin', body: automation.body.settings, status: 200 });
    await call('putAutomation', {}, { role: 'admin', body: { connectors: { device: 'nope' } }, status: 400 });
    await call('getAutomationShadow', {}, { role: 'reader', status: 404 });
    await call('putAutomationShadow', {}, { role: 'admin', body: { defaultLevel: 'sometimes' }, status: 400 });
    await call('putAutomationShadow', {}, { role: 'admin', body: { ...automation.body.settings, defaultLevel: 'semi_all' }, status: 200 });
    await call('getAutomationShadow', {}, { role: 'reader', status: 200 });
    await call(
      'requestAction',
      {},
      {
        role: 'analyst',
        body: { type: 'run_av_scan', target: { type: 'device', hostname: 'contract-shadow' }, reason: 'shadow' },
        status: 201,
      },
    );
    await call('getAutomationShadowReport', {}, { role: 'admin', status: 200 });
    await call('promoteAutomationShadow', {}, { role: 'admin', body: {}, status: 428 });
    await call('promoteAutomationShadow', {}, { role: 'admin', body: {}, headers: { 'If-Match': '"automation-1"' }, status: 412 });
    const live = await call('getAutomation', {}, { role: 'reader', status: 200 });
    await call('promoteAutomationShadow', {}, { role: 'admin', body: {}, headers: { 'If-Match': live.headers.etag }, status: 200 });
    await call('deleteAutomationShadow', {}, { role: 'admin', status: 404 });
    await call('putAutomationShadow', {}, { role: 'admin', body: automation.body.settings, status: 200 });
    await call('deleteAutomationShadow', {}, { role: 'admin', status: 200 });
    await call('putAutomation', {}, { role: 'admin', body: automation.body.settings, status: 200 });
    await call('listConnectors', {}, { role: 'reader', status: 200 });

    const correlation = await call('getCorrelationSettings', {}, { role: 'reader', status: 200 });
    await call('putCorrelationSettings', {}, { role: 'admin', body: { windowHours: 0 }, status: 400 });
    await call(
      'putCorrelationSettings',
      {},
      { role: 'admin', body: correlation.body.defaults, headers: { 'If-Match': correlation.headers.etag }, status: 200 },
    );
    await call(
      'putCorrelationSettings',
      {},
      { role: 'admin', body: correlation.body.defaults, headers: { 'If-Match': correlation.headers.etag }, status: 412 },
    );
    await call('listCorrelationSettingsChanges', {}, { role: 'reader', query: 'limit=5', status: 200 });
    await call('listCorrelationProposals', {}, { role: 'reader', query: 'status=open,accepted', status: 200 });
    const noProposal = { id: 'prop-000000000000000000000000' };
    await call('acceptCorrelationProposal', noProposal, { role: 'admin', status: 404 });
    await call('dismissCorrelationProposal', noProposal, { role: 'admin', status: 404 });

    const playbooks = await call('listPlaybooks', {}, { role: 'reader', status: 200 });
    const name = playbooks.body.items[0].name;
    await call('getPlaybook', { name }, { role: 'reader', status: 200 });
    await call('getPlaybook', { name: 'no-such-playbook' }, { role: 'reader', status: 404 });
    await call('validatePlaybook', {}, { role: 'analyst', body: { yaml: 'name: broken\nsteps: 3\n' }, status: 200 });
    await call('simulatePlaybook', {}, { role: 'analyst', body: { playbook: 'malware-on-device', alertId: first }, status: 200 });
    await call('reloadPlaybooks', {}, { role: 'admin', status: 200 });
    const pb = { name: 'malware-on-device' };
    const source = (await call('getPlaybook', pb, { role: 'reader', status: 200 })).body.source as string;
    const candidate = await call('registerPlaybookVersion', pb, {
      role: 'analyst',
      body: { yaml: source.replace('version: "1.0"', 'version: "contract"') },
      status: 201,
    });
    await call('registerPlaybookVersion', pb, { role: 'analyst', body: { yaml: 'name: [' }, status: 400 });
    const versionId = { ...pb, versionId: candidate.body.id };
    await call('listPlaybookVersions', pb, { role: 'reader', status: 200 });
    await call('setPlaybookVersionShadow', versionId, { role: 'admin', body: { shadow: true }, status: 200 });
    await call('setPlaybookVersionShadow', { ...pb, versionId: NOBODY }, { role: 'admin', body: { shadow: true }, status: 404 });
    await call('listShadowRuns', pb, { role: 'reader', query: `versionId=${candidate.body.id}&limit=5`, status: 200 });
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
    const backtest = await call('startBacktest', pb, { role: 'analyst', body: { versionId: candidate.body.id, ...range }, status: 202 });
    await call('startBacktest', pb, {
      role: 'analyst',
      body: { versionId: candidate.body.id, from: range.to, to: range.from },
      status: 400,
    });
    await q.client.workflow.getHandle(backtestWorkflowId(backtest.body.id)).result();
    await call('getBacktest', { ...pb, id: backtest.body.id }, { role: 'reader', status: 200 });
    await call('getBacktest', { ...pb, id: NOBODY }, { role: 'reader', status: 404 });
    await call('promotePlaybookVersion', versionId, { role: 'admin', body: { evidence: {} }, status: 400 });
    await call('promotePlaybookVersion', versionId, {
      role: 'admin',
      body: { evidence: { backtestIds: [backtest.body.id] } },
      status: 200,
    });
    await call('revertPlaybook', pb, { role: 'admin', status: 200 });
    await call('revertPlaybook', pb, { role: 'admin', status: 409 });

    const sha = hex(32);
    await call('createIndicators', {}, { role: 'analyst', body: { type: 'sha256', value: sha, verdict: 'malicious' }, status: 201 });
    const indicators = await call('listIndicators', {}, { role: 'reader', query: `value=${sha}`, status: 200 });
    await call(
      'importIndicators',
      {},
      {
        role: 'analyst',
        query: 'format=csv',
        body: { csv: `type,value,verdict\nurl,https://x-${hex(2)}.example/,malicious\nip,nope,clean\n` },
        status: 200,
      },
    );
    await call('deleteIndicator', { id: indicators.body.items[0].id }, { role: 'analyst', status: 200 });
    await call('deleteIndicator', { id: NOBODY }, { role: 'analyst', status: 404 });
    await call('listLabBlocks', {}, { role: 'reader', status: 200 });

    const key = await call('createApiKey', {}, { role: 'admin', body: { name: 'contract', role: 'reader' }, status: 201 });
    await call('listApiKeys', {}, { role: 'admin', query: 'includeRevoked=true', status: 200 });
    await call('revokeApiKey', { id: key.body.id }, { role: 'admin', status: 200 });
    await call('revokeApiKey', { id: NOBODY }, { role: 'admin', status: 404 });
    const assignment = { subject: `key:${key.body.id}`, role: 'approver', scope: { kind: 'device_group', value: 'Finance' } };
    const assigned = await call('createRoleAssignment', {}, { role: 'admin', body: assignment, status: 201 });
    await call('createRoleAssignment', {}, { role: 'admin', body: assignment, status: 200 });
    await call('createRoleAssignment', {}, { role: 'admin', body: { ...assignment, role: 'admin' }, status: 400 });
    await call('listRoleAssignments', {}, { role: 'admin', query: `subject=key:${key.body.id}`, status: 200 });
    await call('deleteRoleAssignment', { id: assigned.body.id }, { role: 'admin', status: 200 });
    await call('deleteRoleAssignment', { id: NOBODY }, { role: 'admin', status: 404 });
    // Without an OpenID provider here, the person is one it would have vouched for.
    const [person] = await q.db.query(
      `INSERT INTO persons (issuer, subject, name) VALUES ('https://id.contoso.test', $1, 'Contract') RETURNING id`,
      [`contract-${hex(3)}`],
    );
    await call('listPeople', {}, { role: 'admin', query: 'includeDeactivated=true', status: 200 });
    await call('deactivatePerson', { id: person.id }, { role: 'admin', body: {}, status: 200 });
    await call('deactivatePerson', { id: NOBODY }, { role: 'admin', body: {}, status: 404 });
    await call('reactivatePerson', { id: person.id }, { role: 'admin', body: {}, status: 200 });
    await call('reactivatePerson', { id: NOBODY }, { role: 'admin', body: {}, status: 404 });

    const hook = await call(
      'createWebhook',
      {},
      { role: 'admin', body: { url: 'https://example.com/hook', events: ['incident.created'] }, status: 201 },
    );
    await call('listWebhooks', {}, { role: 'admin', status: 200 });
    await call('listWebhookDeliveries', { id: hook.body.id }, { role: 'admin', status: 200 });
    await call('deleteWebhook', { id: hook.body.id }, { role: 'admin', status: 204 });
    await call('deleteWebhook', { id: hook.body.id }, { role: 'admin', status: 404 });

    await call('listSources', {}, { role: 'reader', status: 200 });
    await call('pauseSource', { name: 'contract-graph' }, { role: 'admin', status: 200 });
    await call('resumeSource', { name: 'contract-graph' }, { role: 'admin', status: 200 });
    await call('backfillSource', { name: 'contract-graph' }, { role: 'admin', body: { from: '2026-01-01T00:00:00Z' }, status: 200 });
    await call('backfillSource', { name: 'contract-graph' }, { role: 'admin', body: { from: 'soon' }, status: 400 });
    await call('pauseSource', { name: 'nothing-here' }, { role: 'admin', status: 404 });
    const secretFile = join(mkdtempSync(join(tmpdir(), 'quell-contract-')), 'secret');
    writeFileSync(secretFile, 'contract-secret');
    const created = {
      name: 'contract-graph-api',
      kind: 'graph_alerts',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'quell-pull',
      clientSecret: `file:${secretFile}`,
      apiUrl: 'http://127.0.0.1:9',
      loginUrl: 'http://127.0.0.1:9',
      allowInsecureHttp: true,
    };
    await call('createSource', {}, { role: 'admin', body: created, status: 201 });
    await call('createSource', {}, { role: 'admin', body: created, status: 409 });
    await call('createSource', {}, { role: 'admin', body: { ...created, clientSecret: 'contract-secret' }, status: 400 });
    await call('replaceSource', { name: 'contract-graph-api' }, { role: 'admin', body: { ...created, intervalSeconds: 30 }, status: 200 });
    await call('replaceSource', { name: 'contract-graph' }, { role: 'admin', body: created, status: 409 });
    await call('replaceSource', { name: 'nothing-here' }, { role: 'admin', body: { ...created, name: 'nothing-here' }, status: 404 });
    await call('deleteSource', { name: 'contract-graph-api' }, { role: 'admin', status: 204 });
    await call('deleteSource', { name: 'contract-graph-api' }, { role: 'admin', status: 404 });
    await call('deleteSource', { name: 'contract-graph' }, { role: 'admin', status: 409 });
    const audit = await call('listAuditLog', {}, { role: 'admin', query: 'limit=3', status: 200 });
    await call('listAuditLog', {}, { role: 'admin', query: `limit=3&cursor=${audit.body.nextCursor}`, status: 200 });
    const lines = await call(
      'listAuditLog',
      {},
      { role: 'admin', query: 'action=key.created,webhook.created', headers: { Accept: 'application/x-ndjson' }, status: 200 },
    );
    expect(lines.text.trim().split('\n').length).toBeGreaterThan(1);
    await call('listAuditLog', {}, { role: 'admin', query: 'cursor=nope', status: 400 });
    await call('getSignInOptions', {}, { status: 200 });
    await call('signOut', {}, { role: 'reader', body: {}, status: 200 });

    expect(violations).toEqual([]);
    const succeeded = new Set(exchanges.filter((x) => x.status < 300).map((x) => x.operationId));
    expect([...ops.keys()].filter((id) => !succeeded.has(id) && id !== 'retryAction')).toEqual([]);
  }, 240_000);

  it('answers every operation with a documented problem: no key, a refused role, an unknown parameter, a body that is not JSON', async () => {
    for (const [operationId, op] of ops) {
      const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], NOBODY]));
      // A public operation (how to sign in) needs no key, so it has no 401 or 403 to give.
      if ((op.role as string) !== 'public') {
        await call(operationId, params, { status: 401 });
        await call(operationId, params, { role: OUTSIDER[op.role], status: 403 });
      }
      await call(operationId, params, { role: 'admin', query: 'zz=1', status: 400 });
      if (['post', 'put', 'patch'].includes(op.method)) {
        await call(operationId, params, { role: 'admin', headers: { 'Content-Type': 'text/plain' }, body: 'plain text', status: 415 });
      }
    }
    expect(violations).toEqual([]);
  }, 120_000);

  it('fails answers the document does not describe (a tampered document)', () => {
    expect(exchanges.length).toBeGreaterThan(0);
    const tampered = structuredClone(doc);
    delete tampered.paths['/api/v1/incidents/{id}'].get.responses!['404'];
    const summary = tampered.components.schemas.IncidentListItem as { properties: Record<string, unknown>; required: string[] };
    summary.properties.id = { type: 'string' };
    delete (tampered.components.schemas.Alert as { properties: Record<string, unknown> }).properties.severity;
    const strict = new Contract(tampered);
    const complaints = exchanges.flatMap((x) => strict.check(x));
    expect(complaints.some((c) => c.includes('GET /api/v1/incidents/{id} → 404: status not documented'))).toBe(true);
    expect(complaints.some((c) => c.includes('GET /api/v1/incidents → 200') && c.includes('/items/0/id'))).toBe(true);
    expect(complaints.some((c) => c.includes('GET /api/v1/alerts → 200') && c.includes('must NOT have additional properties'))).toBe(true);
    expect(strict.check({ method: 'get', path: '/api/v1/tags', status: 200, contentType: 'text/html', body: {}, text: '{}' })).toEqual([
      expect.stringContaining('content type text/html not documented'),
    ]);
  });
});
