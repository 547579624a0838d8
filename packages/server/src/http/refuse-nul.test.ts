import { describe, expect, it } from 'vitest';
import { containsNul } from './refuse-nul.ts';

describe('containsNul', () => {
  it('finds a NUL anywhere in nested values and keys', () => {
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: ['x', 1, null, { b: 'ठीक' }] })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });

  it('refuses nesting deeper than the limit without exhausting the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(() => containsNul(deep)).toThrow(/VALIDATION_FAILED/);
    const within = JSON.parse('{"a":'.repeat(31) + '"x\\u0000"' + '}'.repeat(31));
    expect(containsNul(within)).toBe(true);
  });
});
