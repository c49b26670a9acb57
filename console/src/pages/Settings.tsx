import { type FormEvent, type ReactNode, useState } from 'react';
import { Navigate, NavLink, useParams } from 'react-router';
import { ApiError } from '../api/client';
import {
  useApiKeys,
  useAutomation,
  useConnectors,
  useCreateApiKey,
  useCreateWebhook,
  useDeleteWebhook,
  useRevokeApiKey,
  useSaveAutomation,
  useWebhookDeliveries,
  useWebhooks,
} from '../api/queries';
import type {
  ActionFamily,
  AutomationLevel,
  AutomationSettings,
  AutomationView,
  ConnectorList,
  FamilyMode,
  ProposableAction,
  Role,
  Webhook,
  WebhookEvent,
} from '../api/types';
import { useSession } from '../auth/session';
import { Badge, Time, words } from '../components/bits';
import { FieldError, FieldErrors, SecretOnce } from '../components/fields';
import { ErrorBox, Loading } from '../components/states';
import { useUrlParams } from '../components/url';

const LEVELS: Record<AutomationLevel, string> = {
  full: 'Full — remediate threats automatically',
  semi_all: 'Semi — approval for any remediation',
  semi_core_folders: 'Semi — approval for remediation in core folders',
  semi_non_temp_folders: 'Semi — approval for remediation outside temporary folders',
  none: 'No automated response',
};
const FAMILIES: Record<ActionFamily, string> = {
  device: 'Device (isolate, restrict apps, scan, collect)',
  file: 'File (quarantine, block, remove persistence)',
  email: 'E-mail (delete messages, block senders and URLs, mailbox rules)',
  identity: 'Identity (disable user, reset password, revoke sessions)',
  network: 'Network (block IP addresses)',
};
/** E-mail and identity actions wait for approval unless set to automatic; the others follow the device automation level. */
const WAIT_BY_DEFAULT: ActionFamily[] = ['email', 'identity'];
const ROLES: Record<Role, string> = {
  ingest: 'ingest — sends alerts',
  reader: 'reader — reads everything',
  analyst: 'analyst — triages incidents',
  approver: 'approver — decides on actions',
  admin: 'admin — settings and keys',
};
const EVENTS: Record<WebhookEvent, string> = {
  'incident.created': 'an incident is created',
  'incident.updated': 'an incident changes',
  'investigation.completed': 'an investigation ends',
  'action.pending': 'an action waits for approval',
  'action.decided': 'an action is approved or rejected',
  'action.failed': 'an action fails',
};
const DEFAULT_CONNECTOR = 'lab';

function plural(n: number, one: string) {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ') || `${seconds} s`;
}

/** Every action type the API knows to route, from the connectors list: routed ones and unsupported ones. */
function actionTypesOf(list: ConnectorList | undefined): ProposableAction[] {
  if (!list) return [];
  const all = new Set<ProposableAction>([...list.items.flatMap((c) => c.types), ...list.unsupportedTypes.map((u) => u.type)]);
  return [...all].sort();
}

type Save = ReturnType<typeof useSaveAutomation>;

function AutomationForm({
  view,
  etag,
  save,
  editable,
  connectors,
}: {
  view: AutomationView;
  etag: string | null;
  save: Save;
  editable: boolean;
  connectors: ConnectorList | undefined;
}) {
  const [draft, setDraft] = useState<AutomationSettings>(view.settings);
  const [newGroup, setNewGroup] = useState('');
  const [newGroupLevel, setNewGroupLevel] = useState<AutomationLevel>('semi_all');
  const [newRoute, setNewRoute] = useState<ProposableAction | ''>('');
  const [newRouteTo, setNewRouteTo] = useState(DEFAULT_CONNECTOR);
  const [newRule, setNewRule] = useState<ProposableAction | ''>('');
  const [newRuleApprovers, setNewRuleApprovers] = useState('2');
  const errors = new FieldErrors(save.error);
  const names = connectors?.items.map((c) => c.name) ?? [DEFAULT_CONNECTOR];
  const types = actionTypesOf(connectors);
  const families = Object.keys(FAMILIES) as ActionFamily[];

  const change = (patch: Partial<AutomationSettings>) => {
    if (save.isSuccess) save.reset();
    setDraft((d) => ({ ...d, ...patch }));
  };
  const without = <T,>(record: Record<string, T>, key: string): Record<string, T> => {
    const next = { ...record };
    delete next[key];
    return next;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ settings: draft, etag });
  };
  const stale = save.error instanceof ApiError && save.error.status === 412;
  const typeRoutes = Object.entries(draft.connectors).filter(([key]) => !(key in FAMILIES));
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

  return (
    <form className="settings" onSubmit={submit} aria-label="Automation settings">
      <p className="muted">
        {view.updatedBy ? (
          <>
            Last changed by {view.updatedBy} <Time at={view.updatedAt} />.
          </>
        ) : (
          'Quell runs on its defaults: nobody has changed these settings yet.'
        )}{' '}
        {!editable && 'Read only: changing automation needs an admin key.'}
      </p>
      <fieldset disabled={!editable}>
        <legend>Automation levels</legend>
        <p className="hint">
          What Quell does with a remediation on a device: run it at once, or wait for a person. A device group's level wins over the
          default.
        </p>
        <label htmlFor="level-default">Default level</label>{' '}
        <select
          id="level-default"
          value={draft.defaultLevel}
          onChange={(e) => change({ defaultLevel: e.target.value as AutomationLevel })}
          {...errors.props('level-default', 'defaultLevel')}
        >
          {Object.entries(LEVELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <FieldError errors={errors} id="level-default" path="defaultLevel" />
        <table className="compact" aria-label="Device groups">
          <thead>
            <tr>
              <th scope="col">Device group</th>
              <th scope="col">Automation level</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(draft.deviceGroups).map(([group, level], i) => {
              const id = `group-${i}`;
              const path = `deviceGroups.${group}`;
              return (
                <tr key={group} data-group={group}>
                  <th scope="row">{group}</th>
                  <td>
                    <select
                      id={id}
                      aria-label={`Automation level of ${group}`}
                      value={level}
                      onChange={(e) => change({ deviceGroups: { ...draft.deviceGroups, [group]: e.target.value as AutomationLevel } })}
                      {...errors.props(id, path)}
                    >
                      {Object.entries(LEVELS).map(([v, l]) => (
                        <option key={v} value={v}>
                          {l}
                        </option>
                      ))}
                    </select>
                    <FieldError errors={errors} id={id} path={path} />
                  </td>
                  <td>
                    {editable && <RemoveButton what={group} onClick={() => change({ deviceGroups: without(draft.deviceGroups, group) })} />}
                  </td>
                </tr>
              );
            })}
            {Object.keys(draft.deviceGroups).length === 0 && (
              <EmptyRow>No device group has its own level: every device follows the default.</EmptyRow>
            )}
          </tbody>
          {editable && (
            <tfoot>
              <tr>
                <td>
                  <input
                    aria-label="New device group"
                    placeholder="Device group, e.g. Servers"
                    value={newGroup}
                    onChange={(e) => setNewGroup(e.target.value)}
                  />
                </td>
                <td>
                  <select
                    aria-label="Automation level of the new device group"
                    value={newGroupLevel}
                    onChange={(e) => setNewGroupLevel(e.target.value as AutomationLevel)}
                  >
                    {Object.entries(LEVELS).map(([v, l]) => (
                      <option key={v} value={v}>
                        {l}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    disabled={!newGroup.trim()}
                    onClick={() => {
                      change({ deviceGroups: { ...draft.deviceGroups, [newGroup.trim()]: newGroupLevel } });
                      setNewGroup('');
                    }}
                  >
                    Add group
                  </button>
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </fieldset>

      <fieldset disabled={!editable}>
        <legend>Action families</legend>
        <p className="hint">When each family of actions runs, and which connector carries it out.</p>
        <table className="compact" aria-label="Action families">
          <thead>
            <tr>
              <th scope="col">Family</th>
              <th scope="col">When its actions run</th>
              <th scope="col">Connector</th>
            </tr>
          </thead>
          <tbody>
            {families.map((f) => {
              const modeId = `family-${f}`;
              const routeId = `route-${f}`;
              return (
                <tr key={f} data-family={f}>
                  <th scope="row">{FAMILIES[f]}</th>
                  <td>
                    <select
                      id={modeId}
                      aria-label={`When ${f} actions run`}
                      value={draft.families[f] ?? ''}
                      onChange={(e) =>
                        change({
                          families: e.target.value ? { ...draft.families, [f]: e.target.value as FamilyMode } : without(draft.families, f),
                        })
                      }
                      {...errors.props(modeId, `families.${f}`)}
                    >
                      <option value="">
                        {WAIT_BY_DEFAULT.includes(f) ? 'After approval (default)' : 'By the device automation level'}
                      </option>
                      <option value="automatic">Always automatically</option>
                      <option value="approval">Always after approval</option>
                    </select>
                    <FieldError errors={errors} id={modeId} path={`families.${f}`} />
                  </td>
                  <td>
                    <ConnectorSelect
                      id={routeId}
                      label={`Connector for ${f} actions`}
                      value={draft.connectors[f] ?? ''}
                      names={names}
                      errors={errors}
                      path={`connectors.${f}`}
                      onChange={(v) => change({ connectors: v ? { ...draft.connectors, [f]: v } : without(draft.connectors, f) })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <h3>Action types routed on their own</h3>
        <p className="hint">An action type's own route wins over its family's.</p>
        <table className="compact" aria-label="Action type routes">
          <thead>
            <tr>
              <th scope="col">Action type</th>
              <th scope="col">Connector</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {typeRoutes.map(([type, name]) => (
              <tr key={type}>
                <th scope="row">{words(type)}</th>
                <td>
                  <ConnectorSelect
                    id={`route-${type}`}
                    label={`Connector for ${words(type)}`}
                    value={name ?? ''}
                    names={names}
                    errors={errors}
                    path={`connectors.${type}`}
                    onChange={(v) => change({ connectors: v ? { ...draft.connectors, [type]: v } : without(draft.connectors, type) })}
                  />
                </td>
                <td>
                  {editable && (
                    <RemoveButton
                      what={`the route of ${words(type)}`}
                      onClick={() => change({ connectors: without(draft.connectors, type) })}
                    />
                  )}
                </td>
              </tr>
            ))}
            {typeRoutes.length === 0 && <EmptyRow>None: every action type goes where its family goes.</EmptyRow>}
          </tbody>
          {editable && (
            <tfoot>
              <tr>
                <td>
                  <ActionTypeChoice label="Action type to route" types={types} value={newRoute} onChange={setNewRoute} />
                </td>
                <td>
                  <select aria-label="Connector for that action type" value={newRouteTo} onChange={(e) => setNewRouteTo(e.target.value)}>
                    {names.map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    disabled={!newRoute}
                    onClick={() => {
                      change({ connectors: { ...draft.connectors, [newRoute]: newRouteTo } });
                      setNewRoute('');
                    }}
                  >
                    Add route
                  </button>
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </fieldset>

      <fieldset disabled={!editable}>
        <legend>Approvals</legend>
        <div className="fields">
          <div>
            <label htmlFor="bulk">Devices at once that always wait</label>
            <input
              id="bulk"
              type="number"
              inputMode="numeric"
              value={Number.isFinite(draft.bulkDeviceThreshold) ? draft.bulkDeviceThreshold : ''}
              onChange={(e) => change({ bulkDeviceThreshold: e.target.valueAsNumber })}
              {...errors.props('bulk', 'bulkDeviceThreshold')}
            />
            <FieldError errors={errors} id="bulk" path="bulkDeviceThreshold" />
          </div>
          <div>
            <label htmlFor="expiry">Pending actions expire after (seconds)</label>
            <input
              id="expiry"
              type="number"
              inputMode="numeric"
              value={Number.isFinite(draft.pendingExpirySeconds) ? draft.pendingExpirySeconds : ''}
              onChange={(e) => change({ pendingExpirySeconds: e.target.valueAsNumber })}
              {...errors.props('expiry', 'pendingExpirySeconds')}
            />{' '}
            <span className="muted small">{duration(draft.pendingExpirySeconds)}</span>
            <FieldError errors={errors} id="expiry" path="pendingExpirySeconds" />
          </div>
          <div>
            <label>
              <input type="checkbox" checked={draft.allowSelfApproval} onChange={(e) => change({ allowSelfApproval: e.target.checked })} />
              The person who requested an action may approve it
            </label>
          </div>
        </div>
        <table className="compact" aria-label="Approvers needed">
          <thead>
            <tr>
              <th scope="col">Action type</th>
              <th scope="col">Approvers needed</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(draft.approvalRules).map(([type, rule]) => {
              const id = `rule-${type}`;
              const path = `approvalRules.${type}.approvers`;
              return (
                <tr key={type}>
                  <th scope="row">{words(type)}</th>
                  <td>
                    <input
                      id={id}
                      type="number"
                      inputMode="numeric"
                      aria-label={`Approvers needed for ${words(type)}`}
                      value={Number.isFinite(rule?.approvers) ? rule?.approvers : ''}
                      onChange={(e) => change({ approvalRules: { ...draft.approvalRules, [type]: { approvers: e.target.valueAsNumber } } })}
                      {...errors.props(id, path)}
                    />
                    <FieldError errors={errors} id={id} path={path} />
                  </td>
                  <td>
                    {editable && (
                      <RemoveButton
                        what={`the rule for ${words(type)}`}
                        onClick={() => change({ approvalRules: without(draft.approvalRules, type) })}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
            {Object.keys(draft.approvalRules).length === 0 && <EmptyRow>One approver decides every action.</EmptyRow>}
          </tbody>
          {editable && (
            <tfoot>
              <tr>
                <td>
                  <ActionTypeChoice label="Action type that needs more approvers" types={types} value={newRule} onChange={setNewRule} />
                </td>
                <td>
                  <input
                    type="number"
                    inputMode="numeric"
                    aria-label="Approvers needed for that action type"
                    value={newRuleApprovers}
                    onChange={(e) => setNewRuleApprovers(e.target.value)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    disabled={!newRule}
                    onClick={() => {
                      change({ approvalRules: { ...draft.approvalRules, [newRule]: { approvers: Number(newRuleApprovers) } } });
                      setNewRule('');
                    }}
                  >
                    Add rule
                  </button>
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </fieldset>

      <fieldset disabled={!editable}>
        <legend>Folders</legend>
        <p className="hint">
          Used by the semi-automatic levels for file actions; one folder a line, <code>*</code> stands for one path segment.
        </p>
        <div className="fields">
          {(['coreFolders', 'tempFolders'] as const).map((key) => (
            <div key={key}>
              <label htmlFor={key}>{key === 'coreFolders' ? 'Core folders' : 'Temporary folders'}</label>
              <textarea
                id={key}
                rows={4}
                value={draft[key].join('\n')}
                onChange={(e) => change({ [key]: e.target.value.split('\n') })}
                onBlur={(e) => change({ [key]: lines(e.target.value) })}
                {...errors.props(key, key, true)}
              />
              <FieldError errors={errors} id={key} path={key} nested />
            </div>
          ))}
        </div>
      </fieldset>

      {editable && (
        <div className="row">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save automation settings
          </button>
          <button type="button" onClick={() => change(view.defaults)}>
            Start from the defaults
          </button>
          {save.isSuccess && (
            <span role="status" className="ok">
              Saved.
            </span>
          )}
        </div>
      )}
      {stale ? (
        <div className="error" role="alert">
          <strong>Someone else changed the automation settings since you opened them.</strong>
          <p>Nothing was saved, so nothing of theirs was overwritten. The page now shows their version: make your change again.</p>
        </div>
      ) : (
        save.error && <ErrorBox error={save.error} title="Not saved: the settings were refused" />
      )}
    </form>
  );
}

/** A table row's remove button; `what` names the row for a screen reader. */
function RemoveButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <button type="button" className="link" onClick={onClick}>
      Remove<span className="sr-only"> {what}</span>
    </button>
  );
}

/** What an empty table of settings means. */
function EmptyRow({ children }: { children: ReactNode }) {
  return (
    <tr>
      <td colSpan={3} className="muted">
        {children}
      </td>
    </tr>
  );
}

/** One of `types`, or none yet. */
function ActionTypeChoice(props: {
  label: string;
  types: ProposableAction[];
  value: ProposableAction | '';
  onChange: (v: ProposableAction | '') => void;
}) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value as ProposableAction | '')}>
      <option value="">Choose an action type…</option>
      {props.types.map((t) => (
        <option key={t} value={t}>
          {words(t)}
        </option>
      ))}
    </select>
  );
}

function ConnectorSelect(props: {
  id: string;
  label: string;
  value: string;
  names: string[];
  errors: FieldErrors;
  path: string;
  onChange: (v: string) => void;
}) {
  const { id, label, value, names, errors, path, onChange } = props;
  // A route to a connector that is not configured still shows, so the admin sees what is wrong.
  const options = value && !names.includes(value) ? [...names, value] : names;
  return (
    <>
      <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} {...errors.props(id, path)}>
        <option value="">Default ({DEFAULT_CONNECTOR})</option>
        {options.map((n) => (
          <option key={n} value={n}>
            {n}
            {names.includes(n) ? '' : ' (not configured)'}
          </option>
        ))}
      </select>
      <FieldError errors={errors} id={id} path={path} />
    </>
  );
}

function Automation() {
  const { can } = useSession();
  const { data, error, isPending } = useAutomation();
  const connectors = useConnectors();
  const save = useSaveAutomation();
  if (error) return <ErrorBox error={error} />;
  if (isPending) return <Loading what="the automation settings" />;
  return (
    <AutomationForm
      // A new version from the server (after a save or someone else's) starts a fresh draft.
      key={data.etag ?? data.view.updatedAt ?? 'defaults'}
      view={data.view}
      etag={data.etag}
      save={save}
      editable={can.admin}
      connectors={connectors.data}
    />
  );
}

function Connectors() {
  const { data, error, isPending, isFetching, refetch } = useConnectors();
  if (error) return <ErrorBox error={error} />;
  if (isPending) return <Loading what="the connectors and their health" />;
  return (
    <>
      <div className="row">
        <p className="muted">Health is checked live when this list loads.</p>
        <button type="button" disabled={isFetching} onClick={() => void refetch()}>
          {isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {data.unroutedFamilies.length > 0 && (
        <div className="error" role="alert">
          <strong>Action families routed to a connector that is not configured: their actions would fail.</strong>
          <ul>
            {data.unroutedFamilies.map((f) => (
              <li key={f}>{words(f)}</li>
            ))}
          </ul>
        </div>
      )}
      {data.unsupportedTypes.length > 0 && (
        <div className="error" role="alert">
          <strong>Action types routed to a connector that is missing or cannot carry them out: they would fail.</strong>
          <ul>
            {data.unsupportedTypes.map((u) => (
              <li key={u.type}>
                {words(u.type)} → <code>{u.connector}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="tablewrap">
        <table className="connectors">
          <thead>
            <tr>
              <th scope="col">Connector</th>
              <th scope="col">Health</th>
              <th scope="col">Families routed to it</th>
              <th scope="col">Action types routed to it</th>
              <th scope="col">Facts it answers</th>
              <th scope="col">Actions it can carry out</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.name} data-connector={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>
                  <span className={`badge health-${c.health.ok ? 'ok' : 'failing'}`}>{c.health.ok ? 'healthy' : 'failing'}</span>
                  <div className="small muted">{c.health.detail}</div>
                </td>
                <td>{c.families.length ? c.families.map(words).join(', ') : <span className="muted">none</span>}</td>
                <td className="small">{c.types.length ? c.types.map(words).join(', ') : <span className="muted">none</span>}</td>
                <td className="small">{c.facts.length ? c.facts.join(', ') : <span className="muted">none</span>}</td>
                <td className="small">
                  <details>
                    <summary>{plural(c.actions.length, 'action')}</summary>
                    {c.actions.map(words).join(', ')}
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Keys() {
  const [params, setParams] = useUrlParams();
  const includeRevoked = params.get('revoked') === '1';
  const { data, error, isPending } = useApiKeys(includeRevoked);
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reader');
  const [confirming, setConfirming] = useState<string | undefined>();
  const errors = new FieldErrors(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, role }, { onSuccess: () => setName('') });
  };
  return (
    <>
      <form className="settings inline" onSubmit={submit} aria-label="Create an API key">
        <h2>Create a key</h2>
        <div className="row">
          <label htmlFor="key-name">Name</label>
          <input
            id="key-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. siem-forwarder"
            {...errors.props('key-name', 'name')}
          />
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {Object.entries(ROLES).map(([r, l]) => (
              <option key={r} value={r}>
                {l}
              </option>
            ))}
          </select>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
        </div>
        <FieldError errors={errors} id="key-name" path="name" />
        {create.error && <ErrorBox error={create.error} title="No key was created" />}
      </form>
      {create.data && (
        <SecretOnce label={`New key “${create.data.name}” (${create.data.role})`} secret={create.data.key} onDone={() => create.reset()} />
      )}
      <div className="row">
        <h2>Keys</h2>
        <label>
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.checked) next.set('revoked', '1');
              else next.delete('revoked');
              setParams(next);
            }}
          />
          Show revoked keys
        </label>
      </div>
      {revoke.error && <ErrorBox error={revoke.error} title="Not revoked" />}
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="API keys" />
      ) : data.items.length === 0 ? (
        <p className="empty">No API key yet.</p>
      ) : (
        <div className="tablewrap">
          <table aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((k) => (
                <tr key={k.id} data-key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>{k.role}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    <Time at={k.createdAt} />
                    {k.createdBy && <div className="small muted">by {k.createdBy}</div>}
                  </td>
                  <td>
                    <Time at={k.lastUsedAt} />
                  </td>
                  <td>
                    {k.revokedAt ? (
                      <>
                        <span className="badge status-revoked">revoked</span> <Time at={k.revokedAt} />
                      </>
                    ) : (
                      <span className="badge status-active">active</span>
                    )}
                  </td>
                  <td>
                    {!k.revokedAt &&
                      (confirming === k.id ? (
                        <span className="row" role="group" aria-label={`Confirm revoking ${k.name}`}>
                          <span>Revoke {k.name}? Whatever uses it stops working.</span>
                          <button
                            type="button"
                            className="danger"
                            disabled={revoke.isPending}
                            onClick={() => revoke.mutate(k.id, { onSettled: () => setConfirming(undefined) })}
                          >
                            Yes, revoke
                          </button>
                          <button type="button" onClick={() => setConfirming(undefined)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="danger" onClick={() => setConfirming(k.id)}>
                          Revoke<span className="sr-only"> {k.name}</span>
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { data, error, isPending } = useWebhookDeliveries(webhook.id);
  return (
    <section aria-labelledby="deliveries-title" className="deliveries">
      <h3 id="deliveries-title">
        Recent deliveries to <code>{webhook.url}</code>
      </h3>
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="deliveries" />
      ) : data.items.length === 0 ? (
        <p className="empty">Nothing delivered yet: deliveries appear here when one of its events happens.</p>
      ) : (
        <div className="tablewrap">
          <table aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">HTTP status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Queued</th>
                <th scope="col">Delivered or next attempt</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>
                    <Badge kind="delivery" value={d.status} />
                  </td>
                  <td className="num">{d.lastStatusCode ?? <span className="muted">—</span>}</td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    <Time at={d.createdAt} />
                  </td>
                  <td>{d.deliveredAt ? <Time at={d.deliveredAt} /> : d.status === 'pending' ? <Time at={d.nextAttemptAt} /> : '—'}</td>
                  <td className="small err">{d.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Webhooks() {
  const [params, setParams] = useUrlParams();
  const selected = params.get('webhook');
  const { data, error, isPending } = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['incident.created', 'action.pending']);
  const [confirming, setConfirming] = useState<string | undefined>();
  const errors = new FieldErrors(create.error);
  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('webhook', id);
    else next.delete('webhook');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ url, events }, { onSuccess: () => setUrl('') });
  };
  const shown = data?.items.find((w) => w.id === selected);
  return (
    <>
      <form className="settings" onSubmit={submit} aria-label="Create a webhook">
        <h2>Add a webhook</h2>
        <p className="hint">
          Quell POSTs each event as JSON, signed in <code>x-quell-signature</code> (HMAC-SHA256 of <code>timestamp.body</code>), and retries
          with backoff.
        </p>
        <div className="row">
          <label htmlFor="webhook-url">URL</label>
          <input
            id="webhook-url"
            className="wide"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://soar.example.com/quell"
            {...errors.props('webhook-url', 'url')}
          />
        </div>
        <FieldError errors={errors} id="webhook-url" path="url" />
        <fieldset {...errors.props('webhook-events', 'events', true)}>
          <legend>Events</legend>
          <div className="row">
            {(Object.keys(EVENTS) as WebhookEvent[]).map((ev) => (
              <label key={ev}>
                <input
                  type="checkbox"
                  checked={events.includes(ev)}
                  onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
                />
                <code>{ev}</code> <span className="muted small">{EVENTS[ev]}</span>
              </label>
            ))}
          </div>
          <FieldError errors={errors} id="webhook-events" path="events" nested />
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending}>
          Add webhook
        </button>
        {create.error && <ErrorBox error={create.error} title="No webhook was added" />}
      </form>
      {create.data && (
        <SecretOnce
          label={`Signing secret of the webhook to ${create.data.url}`}
          secret={create.data.secret}
          onDone={() => create.reset()}
        />
      )}
      <h2>Webhooks</h2>
      {remove.error && <ErrorBox error={remove.error} title="Not deleted" />}
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="webhooks" />
      ) : data.items.length === 0 ? (
        <p className="empty">No webhook yet: add one to tell a SOAR, a chat channel or a ticket system what Quell does.</p>
      ) : (
        <div className="tablewrap">
          <table aria-label="Webhooks">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Last delivery</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((w) => (
                <tr key={w.id} data-webhook={w.id} className={w.id === selected ? 'selected' : undefined}>
                  <th scope="row">
                    <code>{w.url}</code>
                    <div className="small muted">secret {w.secretPrefix}…</div>
                  </th>
                  <td className="small">{w.events.join(', ')}</td>
                  <td>
                    {w.lastDeliveryAt ? (
                      <>
                        <Badge kind="delivery" value={w.lastStatus} /> <Time at={w.lastDeliveryAt} />
                        {w.lastError && <div className="small err">{w.lastError}</div>}
                      </>
                    ) : (
                      <span className="muted">none yet</span>
                    )}
                  </td>
                  <td>
                    <Time at={w.createdAt} />
                    <div className="small muted">by {w.createdBy}</div>
                  </td>
                  <td>
                    <div className="row">
                      <button type="button" aria-pressed={w.id === selected} onClick={() => select(w.id === selected ? null : w.id)}>
                        Deliveries<span className="sr-only"> to {w.url}</span>
                      </button>
                      {confirming === w.id ? (
                        <span className="row" role="group" aria-label={`Confirm deleting the webhook to ${w.url}`}>
                          <span>Delete it and its queued deliveries?</span>
                          <button
                            type="button"
                            className="danger"
                            disabled={remove.isPending}
                            onClick={() =>
                              remove.mutate(w.id, {
                                onSettled: () => setConfirming(undefined),
                                onSuccess: () => w.id === selected && select(null),
                              })
                            }
                          >
                            Yes, delete
                          </button>
                          <button type="button" onClick={() => setConfirming(undefined)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="danger" onClick={() => setConfirming(w.id)}>
                          Delete<span className="sr-only"> the webhook to {w.url}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown && <Deliveries webhook={shown} />}
    </>
  );
}

const SECTIONS = {
  automation: { title: 'Automation', admin: false, render: () => <Automation /> },
  connectors: { title: 'Connectors', admin: false, render: () => <Connectors /> },
  keys: { title: 'API keys', admin: true, render: () => <Keys /> },
  webhooks: { title: 'Webhooks', admin: true, render: () => <Webhooks /> },
} as const;
/** What a non-admin is told instead of an admin section. */
const ADMIN_ONLY: Partial<Record<keyof typeof SECTIONS, string>> = {
  keys: 'Only an admin can see and create API keys.',
  webhooks: 'Only an admin can see and add webhooks.',
} as const;
type SectionId = keyof typeof SECTIONS;

export default function Settings() {
  const { can } = useSession();
  const section = useParams().section;
  if (!section) return <Navigate to="/settings/automation" replace />;
  const visible = (Object.keys(SECTIONS) as SectionId[]).filter((id) => can.admin || !SECTIONS[id].admin);
  const current = section in SECTIONS ? SECTIONS[section as SectionId] : undefined;
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <nav className="subnav" aria-label="Settings sections">
        {visible.map((id) => (
          <NavLink key={id} to={`/settings/${id}`}>
            {SECTIONS[id].title}
          </NavLink>
        ))}
      </nav>
      {!current ? (
        <p className="empty">No such settings section.</p>
      ) : current.admin && !can.admin ? (
        <p className="empty">{ADMIN_ONLY[section as SectionId]}</p>
      ) : (
        <section aria-label={current.title}>{current.render()}</section>
      )}
    </section>
  );
}
