/**
 * The result format of `samooh calc`: lines, members and totals, with every amount in integer
 * minor units. Built in canonical order (bonus by bonus in plan order, members by id), so the
 * same inputs always serialise to the same bytes.
 */
import type { LineDetail } from './bonuses/bonus-run.ts';
import { assertCurrent, forEachLine, type Calculation } from './calculate.ts';
import { RATE_SCALE } from './money/rate.ts';
import { NONE, VOLUME_SCALE } from './snapshot/types.ts';

export interface ResultLine {
  payee: string;
  bonus: string;
  amount: number;
  source: { member: string; order?: string };
  level?: number;
  paidLevel?: number;
  rate?: string;
  base?: number;
}

export interface ResultMember {
  pv: number;
  gv: number;
  active: boolean;
  rank: string | null;
  highestRank: string | null;
  earned: number;
  carry?: { L: number; R: number };
}

export interface CalcResult {
  lines: ResultLine[];
  members: Record<string, ResultMember>;
  totals: {
    paid: number;
    /** Company commissionable volume of the period, in points. */
    cv: number;
    byBonus: Record<string, number>;
    /** paid / (cv in money), to six decimals. */
    payoutRatio: number;
    capFactor: number;
  };
}

export function toCalcResult(calculation: Calculation): CalcResult {
  assertCurrent(calculation);
  const { period, paidByBonus, paid } = calculation;
  const { plan } = period;
  const companyMoney = period.money.volumeToMinor(period.volumes.companyCommissionable);
  return {
    lines: resultLines(calculation),
    members: resultMembers(calculation),
    totals: {
      paid,
      cv: period.volumes.companyCommissionable / VOLUME_SCALE,
      byBonus: Object.fromEntries(plan.bonuses.map((bonus, index) => [bonus.id, paidByBonus[index]!])),
      payoutRatio: companyMoney === 0 ? 0 : Math.round((paid / companyMoney) * 1e6) / 1e6,
      capFactor: calculation.cap.factorPpm / RATE_SCALE,
    },
  };
}

/** The lines of the calculation in result order; zero amounts (e.g. scaled away by the cap) are left out. */
export function resultLines(calculation: Calculation): ResultLine[] {
  return collectLines(calculation, NONE, (line) => line);
}

/** Builds one value per line (of one payee, or of all with NONE), in result order. */
export function collectLines<T>(calculation: Calculation, onlyPayee: number, build: (line: ResultLine, detail: LineDetail) => T): T[] {
  const { runs, period } = calculation;
  const { snapshot, plan } = period;
  const built: T[] = [];
  forEachLine(calculation, (payee, bonus, step, ref, amount) => {
    if (onlyPayee !== NONE && payee !== onlyPayee) return;
    const detail = runs[bonus]!.explain(payee, step, ref);
    const line: ResultLine = {
      payee: snapshot.memberId(payee),
      bonus: plan.bonuses[bonus]!.id,
      amount,
      source: detail.sourceOrder === NONE
        ? { member: snapshot.memberId(detail.sourceMember) }
        : { member: snapshot.memberId(detail.sourceMember), order: snapshot.orderId(detail.sourceOrder) },
    };
    if (detail.level !== undefined) line.level = detail.level;
    if (detail.paidLevel !== undefined) line.paidLevel = detail.paidLevel;
    if (detail.rate !== undefined) line.rate = detail.rate;
    if (detail.base !== undefined) line.base = detail.base;
    built.push(build(line, detail));
  });
  return built;
}

function resultMembers(calculation: Calculation): Record<string, ResultMember> {
  const { period, earned } = calculation;
  const { snapshot, plan, volumes } = period;
  const rankName = (rank: number): string | null => (rank === NONE ? null : plan.ranks[rank]!.id);
  const carryOut = calculation.runs.find((run) => run.carryOut !== undefined)?.carryOut;
  const members: Record<string, ResultMember> = {};
  for (let member = 0; member < snapshot.memberCount; member += 1) {
    members[snapshot.memberId(member)] = {
      pv: volumes.pv[member]! / VOLUME_SCALE,
      gv: volumes.gv[member]! / VOLUME_SCALE,
      active: period.active[member] === 1,
      rank: rankName(period.paidRank[member]!),
      highestRank: rankName(period.highestRank[member]!),
      earned: earned[member]!,
    };
    // Carry out for every member whose legs carried anything in or out, so a flush shows too.
    if (carryOut && (hasCarry(carryOut, member) || (snapshot.carryLeft !== null && hasCarry({ left: snapshot.carryLeft, right: snapshot.carryRight! }, member)))) {
      members[snapshot.memberId(member)]!.carry = { L: carryOut.left[member]! / VOLUME_SCALE, R: carryOut.right[member]! / VOLUME_SCALE };
    }
  }
  return members;
}

function hasCarry(carry: { left: Float64Array; right: Float64Array }, member: number): boolean {
  return carry.left[member] !== 0 || carry.right[member] !== 0;
}
