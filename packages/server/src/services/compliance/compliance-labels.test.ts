import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (language: string) => JSON.parse(readFileSync(new URL(`../../i18n/locales/${language}.json`, import.meta.url), 'utf8')).compliance as Record<string, unknown>;

/** Every leaf of a nested catalogue as path → text. */
function leaves(node: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof node === 'string') found.set(path, node);
  else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) for (const [leaf, text] of leaves(value, path ? `${path}.${key}` : key)) found.set(leaf, text);
  return found;
}

describe('compliance labels', () => {
  it('exist in English and Hindi with the same placeholders', () => {
    const en = leaves(load('en'));
    const hi = leaves(load('hi'));
    expect([...hi.keys()].sort()).toEqual([...en.keys()].sort());
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const [key, text] of en) expect(placeholders(hi.get(key)!), key).toEqual(placeholders(text));
  });
});
