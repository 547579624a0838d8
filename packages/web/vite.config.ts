import { defineConfig } from 'vite';

// The web app is served by the Samooh server from dist/ (same origin as /api). In development,
// `npm run dev -w @samooh/web` proxies /api to a server started with `npm start`.
export default defineConfig({
  root: import.meta.dirname,
  // Vite's own transform handles TSX with React's automatic JSX runtime; no plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: true,
    rolldownOptions: {
      // The component kit marks its modules "use client" for server rendering, which a client-only build ignores.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
