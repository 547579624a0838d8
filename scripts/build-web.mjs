#!/usr/bin/env node
// Builds the web app (packages/web/dist) when it is missing or older than its sources;
// `npm start` runs this first, so a fresh clone serves the app after `npm ci`. --force always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = new URL('../packages/web/', import.meta.url).pathname;
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((name) => join(web, name)).filter(existsSync);
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
if (!process.argv.includes('--force') && !stale) {
  console.log('web app is up to date (packages/web/dist)');
  process.exit(0);
}
console.log('building the web app (packages/web/dist)…');
// A production build whatever the caller's NODE_ENV (the test runner sets it to test).
const run = spawnSync('npm', ['run', 'build', '-w', '@samooh/web'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
process.exit(run.status ?? 1);
