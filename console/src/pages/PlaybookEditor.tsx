import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import type { PlaybookError } from '../api/types';
import { usePlaybook, validatePlaybook } from '../api/queries';
import { useSession } from '../auth/session';
import { BacktestPanel } from '../components/Backtest';
import { SimulatePanel } from '../components/Simulation';
import { ErrorBox, Loading } from '../components/states';

const STARTER = `name: my-playbook
version: "1.0"
description: What this playbook investigates, in a sentence.
triggers:
  - type: [malware_detected]
steps:
  - id: devices
    name: Facts about each device the alert names
    forEach: "\${{ alert.entities.filter(e, e.type == 'device' && has(e.hostname)) }}"
    as: device
    steps:
      - id: device_facts
        uses: device.info
        with:
          device: "\${{ device.hostname }}"
        timeout: 20s
`;

/** An API error (1-based line and column) as a range in the document. */
function rangeOf(doc: Text, e: PlaybookError): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(e.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(e.column - 1, 0), line.to);
  return { from, to: from < line.to ? line.to : from };
}

/** Validation through the API as the analyst types: the same parser that loads playbooks answers. */
function validation(onResult: (errors: PlaybookError[] | undefined, failure?: unknown) => void) {
  return linter(
    async (view): Promise<Diagnostic[]> => {
      try {
        const result = await validatePlaybook(view.state.doc.toString());
        onResult(result.errors);
        return result.errors.map((e) => ({
          ...rangeOf(view.state.doc, e),
          severity: 'error' as const,
          message: `${e.line}:${e.column}${e.path ? ` ${e.path}` : ''}: ${e.message}`,
        }));
      } catch (err) {
        onResult(undefined, err);
        return [];
      }
    },
    { delay: 400 },
  );
}

function Editor({ initial, editable, onChange }: { initial: string; editable: boolean; onChange: (text: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<PlaybookError[] | undefined>();
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yaml(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          // The explicit tabindex lets checkers see the scroller's content is focusable (contenteditable already is).
          EditorView.contentAttributes.of({ 'aria-label': 'Playbook YAML', tabindex: '0' }),
          EditorState.readOnly.of(!editable),
          EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString())),
          ...(editable
            ? [
                lintGutter(),
                validation((errs, err) => {
                  setErrors(errs);
                  setFailure(err);
                }),
              ]
            : []),
        ],
      }),
    });
    // A keyboard user can scroll a long playbook even where the text itself takes no focus (read only).
    view.scrollDOM.tabIndex = 0;
    return () => view.destroy();
  }, [initial, editable, onChange]);

  return (
    <>
      <div ref={host} className="editor" />
      {editable && (
        <div className="validation" aria-live="polite">
          {failure !== undefined ? (
            <ErrorBox error={failure} title="Could not validate" />
          ) : errors === undefined ? (
            <p className="muted">Validating…</p>
          ) : errors.length === 0 ? (
            <p className="ok">Valid playbook.</p>
          ) : (
            <ul className="problems" aria-label="Validation errors">
              {errors.map((e, i) => (
                <li key={i}>
                  <code>
                    line {e.line}, column {e.column}
                  </code>{' '}
                  {e.path && <code>{e.path}</code>} {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

/** The editor and, for analysts, the simulation and backtest of what it holds. */
function Workbench({ name, initial, editable }: { name: string | undefined; initial: string; editable: boolean }) {
  // The text as edited, read when a simulation starts; a ref, so typing does not re-render the page.
  const text = useRef(initial);
  const onChange = useCallback((t: string) => {
    text.current = t;
  }, []);
  const current = useCallback(() => text.current, []);
  return (
    <>
      <Editor initial={initial} editable={editable} onChange={onChange} />
      {editable && <SimulatePanel yaml={current} />}
      {editable && name && <BacktestPanel name={name} yaml={current} />}
    </>
  );
}

export default function PlaybookEditor() {
  const name = useParams().name!;
  const { can } = useSession();
  const { data, error, isPending } = usePlaybook(name);
  const isNew = name === 'new';
  return (
    <section aria-labelledby="editor-title">
      <p className="crumbs">
        <Link to="/playbooks">Playbooks</Link> › {isNew ? 'new' : name}
      </p>
      <h1 id="editor-title">{isNew ? 'New playbook' : name}</h1>
      <p className="muted">
        {can.triage
          ? 'Edits are checked by Quell as you type. Playbooks live in the playbooks/ folder, so copy the text there; a backtest keeps it as a candidate version, which goes live only when an admin promotes it.'
          : 'Read only: validating needs an analyst key.'}
      </p>
      {!isNew && error ? (
        <ErrorBox error={error} title={error instanceof ApiError && error.status === 404 ? `No playbook named ${name}` : undefined} />
      ) : !isNew && isPending ? (
        <Loading what="the playbook" />
      ) : (
        <Workbench key={name} name={isNew ? undefined : name} initial={isNew ? STARTER : (data?.source ?? '')} editable={can.triage} />
      )}
    </section>
  );
}
