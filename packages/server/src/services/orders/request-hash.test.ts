import { describe, expect, it } from 'vitest';
import { canonicalJson, normalizedRef, requestHash } from './request-hash.ts';

describe('requestHash', () => {
  it('ignores key order and undefined fields, but not array order or values', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined }] })).toBe('{"a":[2,{"d":3}],"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ items: [1, 2] })).not.toBe(requestHash({ items: [2, 1] }));
    expect(requestHash({ q: 1 })).not.toBe(requestHash({ q: 2 }));
  });
});

describe('normalizedRef', () => {
  it('treats codes case-insensitively and digit strings as ids', () => {
    expect(normalizedRef(' sm100002 ')).toBe('SM100002');
    expect(normalizedRef('42')).toBe(42);
    expect(normalizedRef(42)).toBe(42);
  });
});
