import { Link } from 'react-router';
import { usePlaybooks } from '../api/queries';
import { useSession } from '../auth/session';
import { ErrorBox, Loading } from '../components/states';

export function PlaybookList() {
  const { data, error, isPending } = usePlaybooks();
  const { can } = useSession();
  return (
    <section aria-labelledby="playbooks-title">
      <div className="pagehead">
        <h1 id="playbooks-title">Playbooks</h1>
        {can.triage && <Link to="/playbooks/new">Write a new playbook</Link>}
      </div>
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="playbooks" />
      ) : (
        <>
          {data.invalid.length > 0 && (
            <div className="error" role="alert">
              <strong>
                {data.invalid.length} problem{data.invalid.length === 1 ? '' : 's'} in playbook files: those files were not loaded
              </strong>
              <ul>
                {data.invalid.map((e, i) => (
                  <li key={i}>
                    <code>
                      {e.file}:{e.line}:{e.column}
                    </code>{' '}
                    {e.path && <code>{e.path}</code>} {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {data.items.length === 0 ? (
            <p className="empty">
              No playbook is loaded. Playbooks are YAML files in <code>playbooks/</code>.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Description</th>
                  <th>Version</th>
                  <th>Priority</th>
                  <th>File</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.name}>
                    <td>
                      <Link to={`/playbooks/${p.name}`}>{p.name}</Link>
                    </td>
                    <td>{p.description}</td>
                    <td>{p.version}</td>
                    <td className="num">{p.priority}</td>
                    <td>
                      <code>{p.file}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
