/**
 * The console's pages: each answers the same HTML shell, and the browser's router draws the page.
 * Exact and case-sensitive like every route, so no other spelling of an API path becomes public.
 */
const PAGES = [
  /^\/$/,
  /^\/incidents$/,
  /^\/incidents\/[1-9]\d{0,15}$/,
  /^\/actions$/,
  /^\/playbooks$/,
  /^\/playbooks\/[\w-]{1,128}$/,
  /^\/settings$/,
  /^\/settings\/(automation|connectors|keys|webhooks)$/,
];
/** Built files: content-hashed names under /assets, plus the icon. */
const FILES = [/^\/assets\/[\w-]{1,128}\.(js|css|svg|woff2)$/, /^\/favicon\.svg$/];

const isConsolePage = (path: string) => PAGES.some((p) => p.test(path));
export const isConsoleFile = (path: string) => FILES.some((p) => p.test(path));

/** The console's HTML and files hold no data, so they are served without a key; everything they show comes from the API. */
export const isConsolePath = (path: string) => isConsolePage(path) || isConsoleFile(path);
