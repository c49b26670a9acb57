import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import { useAuth, useSession } from './auth/session';
import { Loading } from './components/states';
import { ActionCenter } from './pages/ActionCenter';
import { IncidentPage } from './pages/IncidentPage';
import { IncidentQueue } from './pages/IncidentQueue';
import { PlaybookList } from './pages/PlaybookList';
import { SignIn } from './pages/SignIn';

// The editor brings CodeMirror: loaded only when a playbook is opened.
const PlaybookEditor = lazy(() => import('./pages/PlaybookEditor'));
// Settings are visited rarely: they load when opened.
const Settings = lazy(() => import('./pages/Settings'));

function Shell() {
  const session = useSession();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Quell</span>
        <nav aria-label="Main">
          <NavLink to="/incidents">Incidents</NavLink>
          <NavLink to="/actions">Action center</NavLink>
          <NavLink to="/playbooks">Playbooks</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <span className="who">
          {session.identity.name} <span className="badge">{session.identity.role}</span>
        </span>
        <button type="button" className="link" onClick={session.signOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route path="/" element={<Navigate to="/incidents" replace />} />
            <Route path="/incidents" element={<IncidentQueue />} />
            <Route path="/incidents/:id" element={<IncidentPage />} />
            <Route path="/actions" element={<ActionCenter />} />
            <Route path="/playbooks" element={<PlaybookList />} />
            <Route path="/playbooks/:name" element={<PlaybookEditor />} />
            <Route path="/settings" element={<Settings />} />
            <Route path="/settings/:section" element={<Settings />} />
            <Route path="*" element={<p className="empty">No such page.</p>} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}

export function App() {
  const { session, restoring } = useAuth();
  if (restoring) return <Loading what="your session" />;
  return <BrowserRouter>{session ? <Shell /> : <SignIn />}</BrowserRouter>;
}
