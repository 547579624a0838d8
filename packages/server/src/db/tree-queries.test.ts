import { describe, expect, it } from 'vitest';
import { walkLooksShorter } from './tree-queries.ts';

describe('walkLooksShorter', () => {
  it('sends a term with no hit in the first stretch to the indexes', () => {
    expect(walkLooksShorter({ seen: 2000, hits: 0 }, 20, 1_000_000)).toBe(false);
  });

  it('walks on for a common term in a large company: a few more members fill the page', () => {
    // 1% hit rate: about 100 more members to walk against about 10,000 candidates.
    expect(walkLooksShorter({ seen: 2000, hits: 19 }, 20, 1_000_000)).toBe(true);
  });

  it('asks the indexes for a term rare in the company even if the stretch found one', () => {
    // 1 in 2,000: about 38,000 more members to walk against about 500 candidates.
    expect(walkLooksShorter({ seen: 2000, hits: 1 }, 20, 1_000_000)).toBe(false);
  });

  it('weighs deeper pages: the walk must find offset + limit hits', () => {
    // 0.5% hit rate, about 5,000 candidates: 2,000 more members for the first page, 398,000 for the hundredth.
    expect(walkLooksShorter({ seen: 2000, hits: 10 }, 20, 1_000_000)).toBe(true);
    expect(walkLooksShorter({ seen: 2000, hits: 10 }, 2000, 1_000_000)).toBe(false);
  });

  it('asks the indexes in a small company, where the candidates are few', () => {
    expect(walkLooksShorter({ seen: 2000, hits: 10 }, 20, 100_000)).toBe(false);
  });
});
