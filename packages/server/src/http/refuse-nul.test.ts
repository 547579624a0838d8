import { describe, expect, it } from 'vitest';
import { containsNul } from './refuse-nul.ts';

describe('containsNul', () => {
  it('finds a NUL anywhere in nested values and keys', () => {
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: ['x', 1, null, { b: 'ठीक' }] })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });
});
