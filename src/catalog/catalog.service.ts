import type { DataSource } from 'typeorm';
import type { Connector, FactAnswers, Facts } from '../connectors/connector.js';
import { canonicalIp, normaliseUrl } from '../correlation/keys.js';
import { CATALOG, CatalogInputError, type CatalogFunction, DEFAULT_CATALOG_ROUTES, QUELL_FACTS } from '../domain/catalog.js';
import { issuesText } from '../domain/issues.js';
import { domainAndParents, type IndicatorType, normaliseDomain, urlHost } from '../indicators/indicator-values.js';
import { LabConnector } from '../lab/lab-connector.js';
import { analyseCommandLine } from './process-analysis.js';

export { CatalogInputError } from '../domain/catalog.js';

type Output = Facts;

/** Outputs land in workflow history and playbook expressions: lists are capped, with the total beside them. */
const LIST_CAP = 50;
const DEFAULT_RELATED_DAYS = 7;

interface Verdict {
  verdict: 'malicious' | 'suspicious' | 'clean' | 'unknown';
  source: string | null;
  description: string | null;
}
const UNKNOWN: Verdict = { verdict: 'unknown', source: null, description: null };

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * The enrichment catalog (src/domain/catalog.ts): validates the arguments, then asks whoever the
 * routes name — a connector's `facts`, or Quell itself (`quell`: indicators, the alert store,
 * command-line analysis). A function nobody configured answers is an explicit
 * `{ available: false, reason }`, never an empty result.
 */
export class CatalogService {
  private readonly own: FactAnswers = {
    'file.reputation': (a) => this.fileReputation(a.sha256),
    'url.reputation': (a) => this.urlReputation(a.url),
    'ip.reputation': (a) => this.ipReputation(a.ip),
    'domain.reputation': (a) => this.domainReputation(a.domain),
    'alerts.related': (a) => this.alertsRelated(a.key.trim(), a.days ?? DEFAULT_RELATED_DAYS, a.excludeAlert),
    'process.details': async (a) => ({ ...analyseCommandLine(a.commandLine, a.imageFile) }),
  };
  private readonly routes: Record<CatalogFunction, string>;

  constructor(
    private readonly db: DataSource,
    private readonly connectors: Record<string, Pick<Connector, 'facts'> & Partial<Pick<Connector, 'actions'>>> = {
      lab: new LabConnector(db),
    },
    routes: Partial<Record<CatalogFunction, string>> = {},
  ) {
    this.routes = { ...DEFAULT_CATALOG_ROUTES, ...routes };
  }

  /** The action types a configured connector carries out; undefined for a connector this Quell does not have. */
  actionsOf(connector: string): readonly string[] | undefined {
    return Object.hasOwn(this.connectors, connector) ? this.connectors[connector].actions : undefined;
  }

  /** Who answers `name`: a connector's name, or `quell`. */
  routeOf(name: CatalogFunction): string {
    return this.routes[name];
  }

  async run(name: CatalogFunction, args: unknown): Promise<Output> {
    if (!Object.hasOwn(CATALOG, name)) throw new CatalogInputError(`unknown catalog function '${name}'`);
    const parsed = CATALOG[name].input.safeParse(args);
    if (!parsed.success) throw new CatalogInputError(`${name}: ${issuesText(parsed.error)}`);
    const route = this.routes[name];
    const known = route === QUELL_FACTS || Object.hasOwn(this.connectors, route);
    const answers = route === QUELL_FACTS ? this.own : known ? this.connectors[route].facts : undefined;
    const answer = answers?.[name] as ((a: unknown) => Promise<Output>) | undefined;
    if (!answer) {
      const reason = known
        ? `${name} is routed to '${route}', which does not answer it`
        : `${name} is routed to connector '${route}', which is not configured`;
      return { available: false, reason };
    }
    return answer(parsed.data);
  }

  /** The first indicator of `type` among `values` (most specific first). */
  private async lookup(type: IndicatorType, values: string[]): Promise<Verdict & { matched: string | null }> {
    const rows: (Verdict & { value: string })[] = await this.db.query(
      `SELECT value, verdict, source, description FROM indicators WHERE type = $1 AND value = ANY($2::text[])
       ORDER BY array_position($2::text[], value) LIMIT 1`,
      [type, values],
    );
    const hit = rows[0];
    return hit
      ? { verdict: hit.verdict, source: hit.source, description: hit.description, matched: hit.value }
      : { ...UNKNOWN, matched: null };
  }

  private async fileReputation(raw: string): Promise<Output> {
    const sha256 = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CatalogInputError('file.reputation: sha256 must be 64 hex characters');
    const [{ matched: _matched, ...verdict }, devices] = await Promise.all([
      this.lookup('sha256', [sha256]),
      this.db.query(
        `SELECT d.hostname, count(*) OVER ()::int AS total FROM (SELECT DISTINCT device_id FROM lab_files WHERE sha256 = $1) f
         LEFT JOIN lab_devices d USING (device_id) ORDER BY d.hostname LIMIT $2`,
        [sha256, LIST_CAP],
      ) as Promise<{ hostname: string | null; total: number }[]>,
    ]);
    return { sha256, ...verdict, prevalence: devices[0]?.total ?? 0, devices: devices.map((d) => d.hostname ?? 'unknown') };
  }

  /** The URL itself, then its host and parent domains, then (for a bare-IP URL) the IP. */
  private async urlReputation(raw: string): Promise<Output> {
    const host = urlHost(raw);
    if (!host) throw new CatalogInputError('url.reputation: url must be a URL');
    const url = normaliseUrl(raw);
    const ip = canonicalIp(host);
    const domain = ip ? undefined : (normaliseDomain(host) ?? host);
    const attempts: [IndicatorType, string[]][] = [['url', [url]]];
    if (domain) attempts.push(['domain', domainAndParents(domain)]);
    if (ip) attempts.push(['ip', [ip]]);
    for (const [type, values] of attempts) {
      const { matched, ...verdict } = await this.lookup(type, values);
      if (matched) return { url, domain: domain ?? ip, ...verdict, matchedBy: type, matched };
    }
    return { url, domain: domain ?? ip, ...UNKNOWN, matchedBy: null, matched: null };
  }

  private async ipReputation(raw: string): Promise<Output> {
    const ip = canonicalIp(raw);
    if (!ip) throw new CatalogInputError('ip.reputation: ip must be an IPv4 or IPv6 address');
    const { matched: _matched, ...verdict } = await this.lookup('ip', [ip]);
    return { ip, ...verdict };
  }

  private async domainReputation(raw: string): Promise<Output> {
    const domain = normaliseDomain(raw);
    if (!domain) throw new CatalogInputError('domain.reputation: domain must be a domain name such as example.com');
    const { matched, ...verdict } = await this.lookup('domain', domainAndParents(domain));
    return { domain, ...verdict, matched };
  }

  /** Alerts carrying a correlation key (as src/correlation/keys.ts spells it, e.g. `user:upn:bob@contoso.com`). */
  private async alertsRelated(key: string, days: number, excludeAlert?: string): Promise<Output> {
    const recent = `k.key = $1 AND k.activity_at >= now() - make_interval(days => $2) AND k.alert_id::text IS DISTINCT FROM $3`;
    const [alerts, [{ count }]] = await Promise.all([
      this.db.query(
        `SELECT a.id, a.title, a.severity, a.incident_id::int AS "incidentId", a.first_activity_at AS "firstActivityAt"
         FROM alert_keys k JOIN alerts a ON a.id = k.alert_id WHERE ${recent}
         ORDER BY k.activity_at DESC, a.id LIMIT ${LIST_CAP}`,
        [key, days, excludeAlert || null],
      ),
      this.db.query(`SELECT count(DISTINCT k.alert_id)::int AS count FROM alert_keys k WHERE ${recent}`, [key, days, excludeAlert || null]),
    ]);
    return { key, days, count, alerts: alerts.map((r: { firstActivityAt: Date }) => ({ ...r, firstActivityAt: iso(r.firstActivityAt) })) };
  }
}
