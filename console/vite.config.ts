import { defineConfig } from 'vite';

/**
 * The analyst console. `npm run build` writes it to dist/console, which Quell serves at `/`.
 * `npx vite console` serves it with hot reload against a Quell on port 3000 (QUELL_URL to change).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Quell's content security policy allows scripts from its own origin only: never inline one.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    rolldownOptions: {
      // Libraries mark their React modules "use client" (a server-components hint that means nothing to a browser-only bundle).
      onLog: (level, log, handler) => (log.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : handler(level, log)),
    },
  },
  server: { proxy: { '/api': process.env.QUELL_URL ?? 'http://127.0.0.1:3000' } },
});
