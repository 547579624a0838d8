#!/usr/bin/env node
// `npm test`: the whole suite. Unit tests once; database tests on embedded PGlite
// and on PostgreSQL (TEST_DATABASE_URL, default the local samooh role); browser tests
// of the web app in Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH). Without a
// reachable PostgreSQL the PostgreSQL half is skipped with a warning, and without
// Chromium the browser tests, except in CI, where both are required. Ends with one
// "N passed, N failed" line counting every project.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
const browser = existsSync(chromium);
if (!browser && process.env.CI) {
  console.error(`Chromium is required in CI for the browser tests but ${chromium} is missing (apt-get install -y chromium).`);
  process.exit(1);
} else if (!browser) {
  console.warn(`\n!! ${chromium} not found: skipping the browser tests. Install Debian's Chromium with \`apt-get install -y chromium\`.\n`);
}

mkdirSync('.test-results', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

/** One vitest run over some projects; its counts are added to the totals from its JSON report. */
function runVitest(names, report, extra = []) {
  const args = ['vitest', 'run', ...names.flatMap((p) => ['--project', p]), ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
  rmSync(report, { force: true });
  const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });
  ok &&= run.status === 0;
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + result.numTodoTests;
  } catch {
    failed = Math.max(failed, 1);
    ok = false;
  }
}

runVitest(projects, '.test-results/vitest.json');
// The browser tests run after the others, not beside them: Chromium, a server and the database
// tests on the same two cores would slow each other past their time limits.
if (browser) {
  projects.push('browser');
  runVitest(['browser'], '.test-results/vitest-browser.json', ['--passWithNoTests']);
}
console.log(`\nprojects: ${projects.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
