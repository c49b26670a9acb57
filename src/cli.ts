import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ApiKeyRepository } from './auth/api-key.repository.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { AuditStore, systemAudit } from './audit/audit.store.js';
import { ROLES, type Role } from './auth/roles.js';
import { configOrExit } from './bootstrap.js';
import { withDatabase } from './db/with-database.js';
import { createLogger } from './infra/logger.js';
import { projectRoot } from './infra/paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogService } from './catalog/catalog.service.js';
import { buildConnectors } from './connectors/connectors.provider.js';
import { nativeAlertSchema } from './domain/alert.js';
import { seedLab } from './lab/lab-seed.js';
import type { PlaybookDefinition } from './domain/playbook.js';
import { parsePlaybook } from './playbooks/playbook.parser.js';
import { PlaybookRegistry } from './playbooks/playbook.registry.js';
import { PlaybookSimulator } from './playbooks/playbook.simulator.js';

const USAGE = `Usage: npm run quell -- <command>

  keys create --name <name> --role <${ROLES.join('|')}>   create an API key (printed once)
  keys list [--all]                                  list keys (with --all, revoked ones too)
  keys revoke <id|name>                              revoke a key
  playbook validate <file.yaml>…                     check playbooks; errors with line and column
  playbook simulate <name|file.yaml> --alert <alert.json> [--fixtures <fixtures.json>] [--no-lab]
                                                     dry-run a playbook against an alert: the full trace, no side effects
  lab seed                                           seed (or reset) the lab's demo organisation, Contoso
  audit verify                                       check the audit log's hash chain; exit code 1 at the first break
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function keys(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string' }, all: { type: 'boolean' } },
    allowPositionals: true,
  });
  await withDatabase(async (db) => {
    const service = new ApiKeysService(new ApiKeyRepository(db));
    if (sub === 'create') {
      if (!values.name) fail('keys create needs --name');
      if (!ROLES.includes(values.role as Role)) fail(`keys create needs --role, one of ${ROLES.join(', ')}`);
      const { key, record } = await service.create(values.name, values.role as Role, systemAudit('cli'));
      process.stdout.write(`Created key '${record.name}' (${record.role}, id ${record.id}). Shown only once:\n${key}\n`);
    } else if (sub === 'list') {
      const rows = await service.list(Boolean(values.all));
      for (const k of rows) {
        process.stdout.write(
          `${k.id}  ${k.name.padEnd(20)} ${k.role.padEnd(8)} ${k.keyPrefix}…  created ${k.createdAt.toISOString()}${k.revokedAt ? `  revoked ${k.revokedAt.toISOString()}` : ''}\n`,
        );
      }
      if (!rows.length) process.stdout.write('No keys.\n');
    } else if (sub === 'revoke') {
      if (!positionals[0]) fail('keys revoke needs a key id or name');
      const row = await service.revoke(positionals[0], systemAudit('cli'));
      if (!row) fail(`No active key '${positionals[0]}'.`);
      process.stdout.write(`Revoked key '${row.name}' (${row.id}).\n`);
    } else {
      fail(`Unknown keys command '${sub ?? ''}'.`);
    }
  });
}

async function playbook(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { alert: { type: 'string' }, fixtures: { type: 'string' }, 'no-lab': { type: 'boolean' } },
    allowPositionals: true,
  });
  if (sub === 'validate') {
    if (!positionals.length) fail('playbook validate needs at least one file');
    let bad = 0;
    for (const file of positionals) {
      const { errors } = parsePlaybook(readFileSync(file, 'utf8'), file);
      for (const e of errors) process.stdout.write(`${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}\n`);
      if (errors.length) bad++;
      else process.stdout.write(`${file}: valid\n`);
    }
    if (bad) process.exit(1);
    return;
  }
  if (sub !== 'simulate') fail(`Unknown playbook command '${sub ?? ''}'.`);
  const [target] = positionals;
  if (!target || !values.alert) fail('playbook simulate needs a playbook (name or file) and --alert <file>');
  const config = configOrExit();
  let definition: PlaybookDefinition | undefined;
  if (existsSync(target)) {
    const parsed = parsePlaybook(readFileSync(target, 'utf8'), target);
    for (const e of parsed.errors) process.stderr.write(`${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}\n`);
    definition = parsed.definition;
  } else {
    definition = new PlaybookRegistry(resolve(projectRoot, config.playbooksDir), createLogger('warn')).get(target);
    if (!definition) fail(`No playbook named '${target}' (and no such file).`);
  }
  if (!definition) process.exit(1);
  const alert = nativeAlertSchema.safeParse(JSON.parse(readFileSync(values.alert, 'utf8')));
  if (!alert.success) fail(`The alert is invalid: ${alert.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const fixtures = values.fixtures ? (JSON.parse(readFileSync(values.fixtures, 'utf8')) as Record<string, unknown>) : undefined;
  await withDatabase(async (db) => {
    const trace = await new PlaybookSimulator(
      db,
      new CatalogService(db, buildConnectors(db, config, createLogger('warn')), config.catalogRoutes),
    ).simulate({
      playbook: definition!,
      alert: { ...alert.data, type: alert.data.type ?? alert.data.title },
      fixtures,
      useLab: !values['no-lab'],
    });
    process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
  });
}

async function lab(args: string[]): Promise<void> {
  if (args[0] !== 'seed') fail(`Unknown lab command '${args[0] ?? ''}'.`);
  const counts = await withDatabase(seedLab);
  process.stdout.write(
    `Lab seeded: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}\n`,
  );
}

async function audit(args: string[]): Promise<void> {
  if (args[0] !== 'verify') fail(`Unknown audit command '${args[0] ?? ''}'.`);
  const result = await withDatabase((db) =>
    new AuditStore(db).verify((checked, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\rChecked ${checked} of ${total} entries…`);
      else if (checked % 100_000 === 0 && checked < total) process.stderr.write(`Checked ${checked} of ${total} entries…\n`);
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (result.ok) {
    process.stdout.write(`Audit log OK: ${result.count} entries, head ${result.headHash}\n`);
    return;
  }
  process.stdout.write(`Audit log BROKEN at entry ${result.seq}: ${result.reason}\n`);
  process.exit(1);
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'keys') return keys(rest);
  if (command === 'playbook') return playbook(rest);
  if (command === 'lab') return lab(rest);
  if (command === 'audit') return audit(rest);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return;
  }
  fail(`Unknown command '${command}'.`);
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
