import { describe, expect, it } from 'vitest';
import {
  DISTRIBUTOR,
  generateNetwork,
  MEMBER_TYPES,
  memberEmail,
  memberName,
  memberPhone,
  NO_MEMBER,
  type DemoNetwork,
  type NetworkOptions,
} from './generate-network.ts';
import { endOfDay, startOfDay } from './kolkata-time.ts';

const OPTIONS: NetworkOptions = { members: 20_000, seed: 42, joinedFrom: '2024-04-01', joinedUntil: '2025-03-15' };
const network = generateNetwork(OPTIONS);

const distributors = (net: DemoNetwork) => Array.from({ length: net.size }, (_, i) => i).filter((i) => net.type[i] === DISTRIBUTOR);

function recruitCounts(net: DemoNetwork): Int32Array {
  const recruits = new Int32Array(net.size);
  for (let i = 1; i < net.size; i++) recruits[net.sponsor[i]!]!++;
  return recruits;
}

/** True when `ancestor` is `node` or above it in the placement tree. */
function isPlacementAncestor(net: DemoNetwork, ancestor: number, node: number): boolean {
  for (let current = node; current !== NO_MEMBER; current = net.placementParent[current]!) {
    if (current === ancestor) return true;
  }
  return false;
}

describe('generateNetwork', () => {
  it('gives the same members for the same seed and others for another seed', () => {
    const again = generateNetwork(OPTIONS);
    for (const key of ['sponsor', 'type', 'placementParent', 'placementSlot', 'joinedAt', 'language', 'firstName', 'lastName', 'phoneDigits', 'hasEmail'] as const) {
      expect(again[key], key).toEqual(network[key]);
    }
    const other = generateNetwork({ ...OPTIONS, seed: 43 });
    expect(other.sponsor).not.toEqual(network.sponsor);
    expect(other.placementParent).not.toEqual(network.placementParent);
  });

  it('has a root distributor and about 60% distributors, 15% preferred and 25% retail customers', () => {
    expect(network.type[0]).toBe(DISTRIBUTOR);
    expect(network.sponsor[0]).toBe(NO_MEMBER);
    const share = (type: number) => network.type.filter((t) => t === type).length / network.size;
    expect(share(MEMBER_TYPES.indexOf('distributor'))).toBeCloseTo(0.6, 1);
    expect(share(MEMBER_TYPES.indexOf('preferred'))).toBeCloseTo(0.15, 1);
    expect(share(MEMBER_TYPES.indexOf('retail'))).toBeCloseTo(0.25, 1);
  });

  it('sponsors everyone but the root by a distributor who joined earlier', () => {
    for (let i = 1; i < network.size; i++) {
      const sponsor = network.sponsor[i]!;
      expect(sponsor).toBeGreaterThanOrEqual(0);
      expect(sponsor).toBeLessThan(i);
      expect(network.type[sponsor]).toBe(DISTRIBUTOR);
    }
  });

  it('has a realistic fan-out: most distributors recruit nobody, a few recruit many', () => {
    const recruits = recruitCounts(network);
    const counts = distributors(network).filter((i) => i !== 0).map((i) => recruits[i]!);
    const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
    expect(counts.filter((count) => count === 0).length / counts.length).toBeGreaterThan(0.5);
    expect(Math.max(...counts)).toBeGreaterThan(20 * mean);
  });

  it('places each distributor once, in a free slot inside the sponsor’s placement downline', () => {
    const taken = new Set<number>();
    for (const i of distributors(network).filter((d) => d !== 0)) {
      const parent = network.placementParent[i]!;
      const slot = network.placementSlot[i]!;
      expect(slot === 0 || slot === 1).toBe(true);
      expect(network.type[parent]).toBe(DISTRIBUTOR);
      expect(parent).toBeLessThan(i);
      expect(taken.has(2 * parent + slot)).toBe(false);
      taken.add(2 * parent + slot);
      expect(isPlacementAncestor(network, network.sponsor[i]!, parent)).toBe(true);
    }
  });

  it('never places customers or the root', () => {
    for (let i = 0; i < network.size; i++) {
      if (i !== 0 && network.type[i] === DISTRIBUTOR) continue;
      expect(network.placementParent[i]).toBe(NO_MEMBER);
      expect(network.placementSlot[i]).toBe(NO_MEMBER);
    }
  });

  it('keeps the placement tree shallow', () => {
    const depth = new Int32Array(network.size);
    let deepest = 0;
    for (let i = 1; i < network.size; i++) {
      const parent = network.placementParent[i]!;
      if (parent === NO_MEMBER) continue;
      depth[i] = depth[parent]! + 1;
      deepest = Math.max(deepest, depth[i]!);
    }
    expect(deepest).toBeLessThan(4 * Math.log2(network.size));
  });

  it('has members join in index order within the window, the root first', () => {
    expect(network.joinedAt[0]).toBe(startOfDay(OPTIONS.joinedFrom));
    for (let i = 1; i < network.size; i++) expect(network.joinedAt[i]).toBeGreaterThanOrEqual(network.joinedAt[i - 1]!);
    expect(network.joinedAt[network.size - 1]).toBeLessThan(endOfDay(OPTIONS.joinedUntil));
  });

  it('gives plausible names, unique Indian mobile numbers and some emails', () => {
    const phones = new Set(Array.from({ length: network.size }, (_, i) => memberPhone(network, i)));
    expect(phones.size).toBe(network.size);
    for (const phone of phones) expect(phone).toMatch(/^9\d{9}$/);
    expect(memberName(network, 1)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    const emails = Array.from({ length: network.size }, (_, i) => memberEmail(network, i)).filter((email) => email !== null);
    expect(emails.length / network.size).toBeGreaterThan(0.3);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails.slice(0, 100)) expect(email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.com$/);
  });

  it('generates a million members in seconds', { timeout: 60_000 }, () => {
    const started = performance.now();
    const large = generateNetwork({ ...OPTIONS, members: 1_000_000 });
    expect(large.size).toBe(1_000_000);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('refuses an impossible size or window', () => {
    expect(() => generateNetwork({ ...OPTIONS, members: 0 })).toThrow(RangeError);
    expect(() => generateNetwork({ ...OPTIONS, joinedFrom: '2025-04-01', joinedUntil: '2025-03-01' })).toThrow(RangeError);
  });
});
