import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './job-queue.ts';

describe('retryDelaySeconds', () => {
  it('backs off quadratically and never waits more than an hour', () => {
    expect([1, 2, 3, 10].map(retryDelaySeconds)).toEqual([10, 40, 90, 1000]);
    expect(retryDelaySeconds(100)).toBe(3600);
  });
});
