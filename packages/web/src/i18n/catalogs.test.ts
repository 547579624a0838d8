import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import hi from './hi.json' with { type: 'json' };
import adminEn from '../pages/admin/i18n/en.json' with { type: 'json' };
import adminHi from '../pages/admin/i18n/hi.json' with { type: 'json' };

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const SRC = new URL('..', import.meta.url).pathname;

describe('the English and Hindi catalogues', () => {
  it('have the same keys, and no empty text', () => {
    expect(keys(hi).sort()).toEqual(keys(en).sort());
    // The admin console's texts travel in its own chunk, under the `admin` key.
    expect(keys(adminHi).sort()).toEqual(keys(adminEn).sort());
    for (const catalog of [en, hi, adminEn, adminHi]) for (const key of keys(catalog)) expect(key.split('.').reduce((node: any, part) => node[part], catalog), key).not.toBe('');
  });

  it('hold every key the screens ask for', () => {
    const known = new Set([...keys(en), ...keys({ admin: adminEn })].map((key) => key.replace(/_(one|other)$/, '')));
    const missing: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (!known.has(match[1]!)) missing.push(`${file}: ${match[1]}`);
      // Keys built from API values (a wallet entry's kind, a requirement): every value the API can send has its text.
      for (const match of text.matchAll(/\bt\(\s*`([a-zA-Z]+)\.\$\{/g)) if (!keys(en).some((key) => key.startsWith(`${match[1]}.`))) missing.push(`${file}: ${match[1]}.*`);
    }
    expect(missing).toEqual([]);
    for (const kind of ['commission', 'clawback', 'deduction', 'adjustment', 'payout']) expect(known.has(`ledger.${kind}`), kind).toBe(true);
    for (const need of ['active', 'pv', 'gv', 'sponsoredActive', 'legsWithRank', 'rollingGv']) expect(known.has(`needs.${need}`), need).toBe(true);
  });

  it('leave no text in the screens outside them (letters between JSX tags)', () => {
    const loose: string[] = [];
    for (const file of sources(SRC).filter((path) => path.endsWith('.tsx'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?<![=>-])>\s*([A-Za-z\u0900-\u097F][^<>{}();=]*?)\s*<\//g)) loose.push(`${file}: ${match[1]}`);
    }
    expect(loose).toEqual([]);
  });
});
