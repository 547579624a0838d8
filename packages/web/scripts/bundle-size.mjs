#!/usr/bin/env node
// Prints the gzipped size of the first screen's JavaScript (the entry chunk and the chunks it
// imports statically, as listed in dist/index.html) and fails above the budget: 300 kB.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}: ${(size / 1024).toFixed(1)} kB gzipped`);
}
console.log(`main chunk (first screen JavaScript): ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)`);
if (files.length === 0 || total > BUDGET) process.exit(1);
