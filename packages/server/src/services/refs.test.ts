import { describe, expect, it } from 'vitest';
import { parseRef } from './refs.ts';

describe('parseRef', () => {
  it('reads digits as an id and anything else as an upper-case code', () => {
    expect(parseRef('42')).toEqual({ id: 42 });
    expect(parseRef(42)).toEqual({ id: 42 });
    expect(parseRef(' sm100042 ')).toEqual({ code: 'SM100042' });
  });

  it('matches nothing for ids that cannot exist', () => {
    expect(parseRef('99999999999999999999999')).toEqual({ none: true });
    expect(parseRef('0')).toEqual({ none: true });
    expect(parseRef(-1)).toEqual({ none: true });
  });
});
