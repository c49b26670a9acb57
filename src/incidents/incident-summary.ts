import type { Entity } from '../domain/alert.js';
import { tacticName, tacticOrder } from '../domain/alert.js';
import { canonicalIp, normaliseUrl, shortHost } from '../correlation/keys.js';

export const ASSET_TYPES = ['devices', 'users', 'mailboxes', 'ips', 'urls', 'files', 'cloudApps'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export interface Asset {
  id: string;
  name: string;
  alertCount: number;
}
export type ImpactedAssets = Partial<Record<AssetType, Asset[]>>;

/** The assets an alert names, one per entity, with a stable id and a display name. */
export function assetsOf(entities: Entity[]): { type: AssetType; id: string; name: string }[] {
  const out = new Map<string, { type: AssetType; id: string; name: string }>();
  const add = (type: AssetType, id: string, name: string) => out.set(`${type}|${id}`, { type, id, name });
  for (const e of entities) {
    switch (e.type) {
      case 'device': {
        const name = e.hostname ?? e.deviceId ?? e.aadDeviceId!;
        add('devices', e.hostname ? `host:${shortHost(e.hostname)}` : `id:${(e.deviceId ?? e.aadDeviceId)!.toLowerCase()}`, name);
        break;
      }
      case 'user': {
        const id = e.upn ?? e.sid ?? e.aadObjectId ?? `${e.domain ? `${e.domain}\\` : ''}${e.accountName}`;
        add('users', id.toLowerCase(), e.upn ?? (e.accountName ? `${e.domain ? `${e.domain}\\` : ''}${e.accountName}` : id));
        break;
      }
      case 'mailbox':
        add('mailboxes', e.address.toLowerCase(), e.address);
        break;
      case 'ip': {
        const c = canonicalIp(e.address) ?? e.address;
        add('ips', c, c);
        break;
      }
      case 'url':
        add('urls', normaliseUrl(e.url), e.url);
        break;
      case 'file': {
        const id = (e.sha256 ?? e.sha1 ?? e.md5 ?? e.path ?? e.name)!.toLowerCase();
        add('files', id, e.name ?? e.path ?? id);
        break;
      }
      case 'cloudApp':
        add('cloudApps', (e.appId ?? e.name).toLowerCase(), e.name);
        break;
      default:
        break;
    }
  }
  return [...out.values()];
}

/** Adds one alert's assets (each counts the alert once) to an incident's impacted assets. */
export function addAssets(current: ImpactedAssets, assets: { type: AssetType; id: string; name: string }[]): ImpactedAssets {
  const next: ImpactedAssets = structuredClone(current);
  for (const a of assets) {
    const list = (next[a.type] ??= []);
    const found = list.find((x) => x.id === a.id);
    if (found) found.alertCount += 1;
    else list.push({ id: a.id, name: a.name, alertCount: 1 });
  }
  return next;
}

export function combineAssets(a: ImpactedAssets, b: ImpactedAssets): ImpactedAssets {
  const next: ImpactedAssets = structuredClone(a);
  for (const type of ASSET_TYPES) {
    for (const asset of b[type] ?? []) {
      const list = (next[type] ??= []);
      const found = list.find((x) => x.id === asset.id);
      if (found) found.alertCount += asset.alertCount;
      else list.push({ ...asset });
    }
  }
  return next;
}

export function assetCounts(assets: ImpactedAssets): Record<AssetType, number> {
  return Object.fromEntries(ASSET_TYPES.map((t) => [t, assets[t]?.length ?? 0])) as Record<AssetType, number>;
}

/** Every asset id and name, lower-cased: the incident queue's `entity` filter matches these exactly. */
export function assetNames(assets: ImpactedAssets): string[] {
  const names = new Set<string>();
  for (const type of ASSET_TYPES) {
    for (const a of assets[type] ?? []) {
      names.add(a.name.toLowerCase());
      names.add(a.id.replace(/^(host|id):/, '').toLowerCase());
    }
  }
  return [...names].sort();
}

/** Orders tactics by the kill chain. */
export function sortTactics(categories: string[]): string[] {
  return [...new Set(categories)].sort((a, b) => tacticOrder(a) - tacticOrder(b) || a.localeCompare(b));
}

function scopePhrase(assets: ImpactedAssets): string {
  const n = assetCounts(assets);
  const one = (count: number, single: string, many: string) => (count === 1 ? single : many);
  if (n.devices) return one(n.devices, 'on one endpoint', 'on multiple endpoints');
  if (n.users) return one(n.users, 'involving one user', 'involving multiple users');
  if (n.mailboxes) return one(n.mailboxes, 'involving one mailbox', 'involving multiple mailboxes');
  if (n.cloudApps) return one(n.cloudApps, 'involving one cloud app', 'involving multiple cloud apps');
  return '';
}

/**
 * Names an incident in Defender's style: the alert title and its main asset for a single alert,
 * "Multi-stage incident involving <first two tactics> <scope> [reported by multiple sources]" for more.
 */
export function incidentName(input: {
  alertCount: number;
  firstTitle: string;
  categories: string[];
  sources: string[];
  assets: ImpactedAssets;
}): string {
  if (input.alertCount <= 1) {
    const a = input.assets;
    const main = a.devices?.[0]?.name ?? a.users?.[0]?.name ?? a.mailboxes?.[0]?.name ?? a.cloudApps?.[0]?.name;
    const assetCount = (a.devices?.length ?? 0) + (a.users?.length ?? 0) + (a.mailboxes?.length ?? 0);
    if (!main) return `'${input.firstTitle}'`;
    return assetCount > 1 ? `'${input.firstTitle}' involving multiple assets` : `'${input.firstTitle}' on ${main}`;
  }
  const tactics = sortTactics(input.categories)
    .filter((t) => tacticOrder(t) < 14)
    .slice(0, 2)
    .map(tacticName);
  const parts = [tactics.length ? `Multi-stage incident involving ${tactics.join(' & ')}` : 'Multi-stage incident'];
  const scope = scopePhrase(input.assets);
  if (scope) parts.push(scope);
  if (new Set(input.sources).size > 1) parts.push('reported by multiple sources');
  return parts.join(' ');
}
