import { useState } from 'react';
import { ApiError } from '../api/client';

/** The API's validation errors (problem+json `errors`) by field path, for showing each at its field. */
export class FieldErrors {
  private readonly byPath = new Map<string, string[]>();

  constructor(error: unknown) {
    if (!(error instanceof ApiError)) return;
    for (const e of error.problem.errors ?? []) this.byPath.set(e.path, [...(this.byPath.get(e.path) ?? []), e.message]);
  }

  /** Messages for exactly `path`, or with `nested` also for what is below it (`coreFolders[2]`, `deviceGroups.x.y`). */
  at(path: string, nested = false): string[] {
    const out: string[] = [];
    for (const [p, messages] of this.byPath) {
      if (p === path) out.push(...messages);
      else if (nested && (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)))
        out.push(...messages.map((m) => `${p.slice(path.length)}: ${m}`));
    }
    return out;
  }

  /** The attributes that tie an input to its error message. */
  props(id: string, path: string, nested = false): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
    return this.at(path, nested).length ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
  }
}

/** A field's messages from the API, under it; `id` is the input's id. */
export function FieldError({ errors, id, path, nested = false }: { errors: FieldErrors; id: string; path: string; nested?: boolean }) {
  const messages = errors.at(path, nested);
  if (!messages.length) return null;
  return (
    <span id={`${id}-error`} className="fielderror">
      {messages.join('; ')}
    </span>
  );
}

/** A secret shown once, right after it was made, with a copy button. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <div className="secret" role="region" aria-label={label}>
      <strong>{label}</strong>
      <p>
        Copy it now: Quell keeps only a hash of it, and <strong>it will not be shown again</strong>.
      </p>
      <div className="row">
        <code className="secretvalue" data-secret>
          {secret}
        </code>
        <button type="button" onClick={copy}>
          Copy
        </button>
        <span aria-live="polite" className="small">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser refused: select the text and copy it.' : ''}
        </span>
      </div>
      <button type="button" className="link" onClick={onDone}>
        I have stored it — hide it
      </button>
    </div>
  );
}
