#!/usr/bin/env node
// Writes a Brotli (.br) and a gzip (.gz) copy beside every text file of the built app
// (dist), which the server sends to browsers that accept them (@fastify/static's
// preCompressed): compressed once at build time at the highest levels, never per request.
// A copy that saves less than a tenth is not written: the file goes as it is.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/i;

/** Compresses the text files under dir; returns their total size before and after Brotli. */
export function precompress(dir) {
  let before = 0;
  let after = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const inner = precompress(path);
      before += inner.before;
      after += inner.after;
      continue;
    }
    if (!TEXT.test(name)) continue;
    const content = readFileSync(path);
    const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
    const gzip = gzipSync(content, { level: 9 });
    before += content.length;
    after += Math.min(content.length, brotli.length);
    if (brotli.length < content.length * 0.9) writeFileSync(`${path}.br`, brotli);
    if (gzip.length < content.length * 0.9) writeFileSync(`${path}.gz`, gzip);
  }
  return { before, after };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url));
  const { before, after } = precompress(dist);
  console.log(`precompressed the app's text files: ${(before / 1024).toFixed(0)} kB, ${(after / 1024).toFixed(0)} kB with Brotli`);
}
