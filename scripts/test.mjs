#!/usr/bin/env node
// `npm test`: the whole suite. Unit tests once; database tests on embedded PGlite
// and on PostgreSQL (TEST_DATABASE_URL, default the local samooh role); browser tests
// of the web app in Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH). Without a
// reachable PostgreSQL the PostgreSQL half is skipped with a warning, and without
// Chromium the browser tests, except in CI, where both are required. Ends with one
// "N passed, N failed" line counting every project.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres';
process.env.TEST_DATABASE_URL = url;

async function postgresReachable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const projects = ['unit', 'pglite'];
if (await postgresReachable()) {
  projects.push('postgres');
} else if (process.env.CI) {
  console.error(`PostgreSQL is required in CI but ${url.replace(/:[^:@/]*@/, ':***@')} is not reachable.`);
  process.exit(1);
} else {
  console.warn('\n!! PostgreSQL not reachable: running unit and PGlite tests only. Start it with `bash scripts/start-postgres.sh`.\n');
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  projects.push('browser');
} else if (process.env.CI) {
  console.error(`Chromium is required in CI for the browser tests but ${chromium} is missing (apt-get install -y chromium).`);
  process.exit(1);
} else {
  console.warn(`\n!! ${chromium} not found: skipping the browser tests. Install Debian's Chromium with \`apt-get install -y chromium\`.\n`);
}

mkdirSync('.test-results', { recursive: true });
const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', '--outputFile.json=.test-results/vitest.json', ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync('.test-results/vitest.json', 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
console.log(`\nprojects: ${projects.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
