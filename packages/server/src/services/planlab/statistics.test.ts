import { describe, expect, it } from 'vitest';
import { percentiles } from './statistics.ts';
import { changeBucket } from './whatif-period.ts';

describe('percentiles by nearest rank', () => {
  it('pick values from the data', () => {
    expect(percentiles([5, 1, 4, 2, 3], [10, 20, 50, 80, 90, 100])).toEqual([1, 1, 3, 4, 5, 5]);
    expect(percentiles([-20, 410, 0], [10, 50, 90])).toEqual([-20, 0, 410]);
    expect(percentiles([], [50])).toEqual([0]);
  });
});

describe('change buckets', () => {
  it.each([
    [100, 100, 'unchanged'], [0, 0, 'unchanged'], [0, 5, 'newEarner'], [100, 0, 'lostAll'], [100, 40, 'down50Plus'], [100, 50, 'down50Plus'],
    [100, 60, 'down10To50'], [100, 95, 'downUnder10'], [100, 105, 'upUnder10'], [100, 130, 'up10To50'], [100, 150, 'up50Plus'],
  ] as const)('%i -> %i is %s', (before, after, bucket) => {
    expect(changeBucket(before, after)).toBe(bucket);
  });
});
