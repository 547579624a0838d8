import { describe, expect, it } from 'vitest';
import { groupVolumes } from './group-volumes.ts';

describe('group volumes', () => {
  it('sums each member with their whole sponsor downline, and keeps the five largest own purchases', () => {
    // 0 ← 1 ← 2, 0 ← 3; member 4 has no sponsor (a second root). Listed child before parent on purpose.
    const parent = Int32Array.from([-1, 0, 1, 0, -1]);
    const cv = Float64Array.from([100, 200, 300, 400, 50]);
    const customerCv = Float64Array.from([0, 50, 100, 0, 0]);
    // Orders 0..6 with CV; member 2 bought orders 0-3, member 3 orders 4-5, member 1 order 6.
    const orderCv = Float64Array.from([10, 40, 30, 20, 50, 5, 35]);
    const result = groupVolumes({ parent, cv, customerCv, ownOrders: [[], [6], [0, 1, 2, 3], [4, 5], []], orderCv });
    expect([...result.cv]).toEqual([1000, 500, 300, 400, 50]);
    expect([...result.customerCv]).toEqual([150, 150, 100, 0, 0]);
    expect(result.largest(2)).toEqual([1, 2, 3, 0]);
    expect(result.largest(1)).toEqual([1, 6, 2, 3, 0]);
    // The root's five: 50, 40, 35, 30, 20.
    expect(result.largest(0)).toEqual([4, 1, 6, 2, 3]);
    expect(result.largest(4)).toEqual([]);
  });
});
