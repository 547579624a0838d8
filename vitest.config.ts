import { defineConfig } from 'vitest/config';

// Four projects: pure unit tests run once; database tests (*.db.test.ts) run
// twice, once on embedded PGlite and once on a real PostgreSQL; browser tests
// (*.e2e.test.ts) drive Debian's Chromium against the built web app on PGlite.
const dbTests = ['packages/*/src/**/*.db.test.ts', 'packages/*/test/**/*.db.test.ts'];
const browserTests = ['packages/web/test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...dbTests, ...browserTests, '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'pglite',
          include: dbTests,
          env: { SAMOOH_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: dbTests,
          env: { SAMOOH_TEST_DB: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: browserTests,
          env: { SAMOOH_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
