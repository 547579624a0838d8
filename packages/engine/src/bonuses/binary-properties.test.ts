/** Binary on generated placement trees (fast-check): conservation, leg volumes, totals, input order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculate, calculateSnapshot, parseScenario, validatePlan, type Plan } from '../index.ts';
import type { ScenarioDocument } from '../snapshot/scenario-schema.ts';
import { formatDay } from '../dates.ts';
import { binaryLedger, settleLegs } from './binary.ts';

const id = (index: number): string => `m${String(index).padStart(3, '0')}`;

/**
 * Member i is sponsored by an earlier member and placed below its sponsor: in the chosen
 * leg's first free slot going down the outer edge (extreme left or right spillover).
 */
const networkArbitrary = fc.integer({ min: 1, max: 40 }).chain((size) => fc.record({
  sponsors: fc.array(fc.nat(), { minLength: size, maxLength: size }),
  sides: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
  kinds: fc.array(fc.constantFrom('distributor', 'distributor', 'distributor', 'retail', 'terminated'), { minLength: size, maxLength: size }),
  joinedThisPeriod: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
  orders: fc.array(fc.record({ buyer: fc.nat(size - 1), cv: fc.nat(500), day: fc.integer({ min: 1, max: 31 }) }), { maxLength: 60 }),
  carry: fc.array(fc.option(fc.record({ L: fc.nat(300), R: fc.nat(300) }), { freq: 2 }), { minLength: size, maxLength: size }),
})).map((network): ScenarioDocument => {
  const slots = new Map<string, number>();
  const members: ScenarioDocument['members'] = [];
  network.sponsors.forEach((pick, i) => {
    const kind = i === 0 ? 'distributor' : network.kinds[i]!;
    const member = {
      id: id(i), type: kind === 'retail' ? 'retail' as const : 'distributor' as const, sponsor: null as string | null,
      placement: null as string | null, leg: null as 'L' | 'R' | null,
      joined: network.joinedThisPeriod[i] ? '2026-03-02' : '2025-06-01', status: kind === 'terminated' ? 'terminated' as const : 'active' as const,
    };
    if (i > 0) {
      // Customers recruit nobody: sponsor and placement go to an earlier distributor.
      let sponsor = pick % i;
      while (members[sponsor]!.type !== 'distributor') sponsor -= 1;
      member.sponsor = id(sponsor);
      if (member.type === 'distributor') {
        const leg = network.sides[i] ? 'L' : 'R';
        let parent = sponsor;
        while (slots.has(`${parent}${leg}`)) parent = slots.get(`${parent}${leg}`)!;
        slots.set(`${parent}${leg}`, i);
        member.placement = id(parent);
        member.leg = leg;
      }
    }
    members.push(member);
  });
  const carry = Object.fromEntries(network.carry.flatMap((entry, i) => (entry ? [[id(i), entry]] : [])));
  return {
    period: { start: '2026-03-01', end: '2026-03-31' },
    members,
    orders: network.orders.map((order, i) => ({ id: `o${i}`, buyer: id(order.buyer), date: `2026-03-${String(order.day).padStart(2, '0')}`, qv: order.cv, cv: order.cv, amount: order.cv * 100 })),
    carry,
  };
});

const planArbitrary = fc.record({
  pay: fc.oneof(
    fc.record({ percentOfMatched: fc.integer({ min: 1, max: 200 }).map((tenths) => `${tenths / 10}%`) }),
    fc.record({ perCycle: fc.record({ volume: fc.constantFrom(50, 100, 150), amount: fc.constantFrom(500, 1_000) }) }),
  ),
  firstPair: fc.constantFrom('1:1', '2:1', '1:2', '2:1 or 1:2'),
  carry: fc.record({ keep: fc.boolean(), maxPerLeg: fc.option(fc.nat(400)), flushWhenUnqualified: fc.boolean() }),
  cap: fc.option(fc.record({ perPeriod: fc.nat(20_000), perDay: fc.option(fc.nat(8_000)), volumeAboveCap: fc.constantFrom('flush', 'carry') })),
  sponsored: fc.nat(1),
}).map((options): Plan => validatePlan({
  plan: 'generated-binary', version: 1, effectiveFrom: '2026-01-01', currency: 'INR', activity: { minPV: 50 },
  bonuses: [
    { id: 'binary', type: 'binary',
      pay: options.pay,
      firstPair: 'perCycle' in options.pay ? options.firstPair : '1:1',
      carry: { keep: options.carry.keep, flushWhenUnqualified: options.carry.flushWhenUnqualified, ...(options.carry.maxPerLeg === null ? {} : { maxPerLeg: options.carry.maxPerLeg }) },
      ...(options.cap === null ? {} : {
        cap: { perPeriod: options.cap.perPeriod, volumeAboveCap: options.cap.volumeAboveCap, ...(options.cap.perDay === null ? {} : { perDay: options.cap.perDay }) },
      }),
      qualify: { active: true, sponsoredActiveEachLeg: options.sponsored } },
    { id: 'match', type: 'matching', of: ['binary'], generations: ['10%', '5%'] },
  ],
}));

/** New volume in one leg of a member (of one day's orders, or all), by walking the document one link at a time. */
function legVolumeByWalk(document: ScenarioDocument, memberId: string, leg: 'L' | 'R', date: string | null = null): number {
  const byId = new Map(document.members.map((member) => [member.id, member]));
  // A customer's order counts for the nearest live distributor up the sponsor chain; a terminated buyer's for nobody.
  const creditedTo = (buyerId: string): string | null => {
    let member = byId.get(buyerId)!;
    if (member.status === 'terminated') return null;
    while ((member.type !== 'distributor' || member.status === 'terminated') && member.sponsor !== null) member = byId.get(member.sponsor)!;
    return member.type === 'distributor' && member.status !== 'terminated' ? member.id : null;
  };
  const inLeg = (candidate: string): boolean => {
    let node = byId.get(candidate)!;
    while (node.placement !== null && node.placement !== undefined) {
      if (node.placement === memberId) return node.leg === leg;
      node = byId.get(node.placement)!;
    }
    return false;
  };
  return (document.orders ?? []).reduce((sum, order) => {
    const owner = creditedTo(order.buyer);
    return owner !== null && inLeg(owner) && (date === null || order.date === date) ? sum + order.cv * 100 : sum;
  }, 0);
}

const property = (check: (plan: Plan, document: ScenarioDocument) => void) => () => {
  fc.assert(fc.property(planArbitrary, networkArbitrary, check), { numRuns: 150 });
};
/** Generous: a loaded machine running the suite in parallel can take several times the ~1.5 s these need. */
const PROPERTY_TIMEOUT_MS = 30_000;

describe('binary properties on generated placement trees', () => {
  it('conserves every member\'s legs: carry in + new = used + carry out + flushed, and reports that carry out', property((plan, document) => {
    const snapshot = parseScenario(document);
    const calculation = calculateSnapshot(plan, snapshot);
    const ledger = binaryLedger(plan.bonuses[0] as Extract<Plan['bonuses'][number], { type: 'binary' }>, calculation.period);
    const result = calculate(plan, snapshot);
    for (let member = 0; member < snapshot.memberCount; member += 1) {
      const memberId = snapshot.memberId(member);
      expect(ledger.newLeft[member]).toBe(legVolumeByWalk(document, memberId, 'L'));
      expect(ledger.newRight[member]).toBe(legVolumeByWalk(document, memberId, 'R'));
      expect(ledger.carryInLeft[member]! + ledger.newLeft[member]!).toBe(ledger.usedLeft[member]! + ledger.carryLeft[member]! + ledger.flushedLeft[member]!);
      expect(ledger.carryInRight[member]! + ledger.newRight[member]!).toBe(ledger.usedRight[member]! + ledger.carryRight[member]! + ledger.flushedRight[member]!);
      expect(result.members[memberId]!.carry ?? { L: 0, R: 0 }).toEqual({ L: ledger.carryLeft[member]! / 100, R: ledger.carryRight[member]! / 100 });
      // The whole-network pass gives each member what settleLegs gives them alone, round by round.
      const byDay = (leg: 'L' | 'R', carryIn: Float64Array) => ledger.roundDays.map((day, round) =>
        (round === 0 ? carryIn[member]! : 0) + legVolumeByWalk(document, memberId, leg, ledger.roundDays.length === 1 ? null : formatDay(day)));
      const alone = settleLegs(ledger.rules, byDay('L', ledger.carryInLeft), byDay('R', ledger.carryInRight), ledger.standing[member]!,
        snapshot.joinedDay[member]! >= snapshot.periodStartDay);
      expect([alone.carryLeft, alone.carryRight, alone.flushedLeft, alone.flushedRight])
        .toEqual([ledger.carryLeft[member], ledger.carryRight[member], ledger.flushedLeft[member], ledger.flushedRight[member]]);
      expect(alone.rounds.flatMap((round, index) => (round.amount > 0 ? [[index, round.amount]] : [])))
        .toEqual(ledger.payments.filter((payment) => payment.member === member).map((payment) => [payment.round, payment.paid.amount]));
    }
  }), PROPERTY_TIMEOUT_MS);

  it('totals are the sum of the lines, no member is paid above the daily or the period cap', property((plan, document) => {
    const result = calculate(plan, parseScenario(document));
    const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
    expect(result.totals.paid).toBe(sum(result.lines.map((line) => line.amount)));
    for (const [memberId, member] of Object.entries(result.members)) {
      expect(member.earned).toBe(sum(result.lines.filter((line) => line.payee === memberId).map((line) => line.amount)));
    }
    const bonus = plan.bonuses[0]!;
    if (bonus.type !== 'binary' || !bonus.cap) return;
    const binaryLines = result.lines.filter((line) => line.bonus === 'binary');
    for (const line of binaryLines) expect(line.amount).toBeLessThanOrEqual(bonus.cap.perDay ?? bonus.cap.perPeriod!);
    for (const memberId of Object.keys(result.members)) {
      expect(sum(binaryLines.filter((line) => line.payee === memberId).map((line) => line.amount))).toBeLessThanOrEqual(bonus.cap.perPeriod!);
    }
  }), PROPERTY_TIMEOUT_MS);

  it('gives the same bytes whatever the order of members and orders', property((plan, document) => {
    const reversed = { ...document, members: [...document.members].reverse(), orders: [...(document.orders ?? [])].reverse() };
    expect(JSON.stringify(calculate(plan, parseScenario(reversed)))).toBe(JSON.stringify(calculate(plan, parseScenario(document))));
  }), PROPERTY_TIMEOUT_MS);
});
