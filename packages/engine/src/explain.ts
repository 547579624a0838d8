/**
 * --explain MEMBER: why a member has the volumes, activity and rank they have (each rank's
 * requirements, met or missing) and what each of their lines was paid on.
 */
import { calculateSnapshot } from './calculate.ts';
import type { RequirementCheck } from './core/ranks.ts';
import { formatDay } from './dates.ts';
import { RATE_SCALE } from './money/rate.ts';
import { EngineInputError } from './errors.ts';
import type { Plan } from './plan/schema.ts';
import { collectLines, type CalcResult, type ResultLine } from './result.ts';
import type { Scenario } from './snapshot/parse-scenario.ts';
import { MEMBER_TYPES, NONE, VOLUME_SCALE } from './snapshot/types.ts';

export interface RequirementExplanation { requirement: string; required: number | boolean; actual: number | boolean; met: boolean }

export interface MemberExplanation {
  member: string;
  type: string;
  status: 'active' | 'terminated';
  sponsor: string | null;
  joined: string;
  activity: { active: boolean; rule: string; pv: number; autoshipQv?: number };
  volumes: { pv: number; gv: number; legs: { member: string; gv: number }[] };
  rank: {
    paidAs: string | null;
    qualified: string | null;
    highest: string | null;
    highestBeforePeriod: string | null;
    evaluation: { rank: string; met: boolean; requirements: RequirementExplanation[] }[];
  };
  earned: number;
  /** Per bonus id, what a binary or stairstep bonus worked out for the member besides lines. */
  bonuses?: Record<string, Record<string, unknown>>;
  lines: (ResultLine & { explanation: string })[];
}

export function explainMember(plan: Plan, scenario: Scenario, result: CalcResult, memberId: string): MemberExplanation {
  const member = findMember(scenario, memberId);
  const summary = result.members[memberId];
  if (member === NONE || !summary) {
    throw new EngineInputError('SCENARIO_INVALID', [{ path: 'explain', message: `no member "${memberId}" in the scenario`, ids: [memberId] }]);
  }
  const calculation = calculateSnapshot(plan, scenario);
  const { period } = calculation;
  const { tree, volumes } = period;
  const rankName = (rank: number): string | null => (rank === NONE ? null : plan.ranks[rank]!.id);
  const points = (units: number): number => units / VOLUME_SCALE;
  const capNote = calculation.cap.factorPpm < RATE_SCALE ? `; scaled by the cap factor ${result.totals.capFactor}` : '';
  const sponsor = scenario.sponsor[member]!;

  const described = calculation.runs.flatMap((run, index) => (run.describeMember ? [[plan.bonuses[index]!.id, run.describeMember(member)] as const] : []));
  return {
    member: memberId,
    type: MEMBER_TYPES[scenario.memberType[member]!]!,
    status: scenario.terminated[member] === 1 ? 'terminated' : 'active',
    sponsor: sponsor === NONE ? null : scenario.memberId(sponsor),
    joined: formatDay(scenario.joinedDay[member]!),
    activity: {
      active: summary.active,
      rule: `a distributor with PV at least ${plan.activity.minPV}${plan.activity.autoshipQV === undefined ? '' : ` and autoship QV at least ${plan.activity.autoshipQV}`}`,
      pv: summary.pv,
      ...(plan.activity.autoshipQV === undefined ? {} : { autoshipQv: points(scenario.autoshipQv?.[member] ?? 0) }),
    },
    volumes: {
      pv: summary.pv,
      gv: summary.gv,
      legs: frontline(tree.parent, member)
        .map((child) => ({ member: scenario.memberId(child), gv: points(volumes.gv[child]!) }))
        .sort((a, b) => b.gv - a.gv || (a.member < b.member ? -1 : 1)),
    },
    rank: {
      paidAs: summary.rank,
      qualified: rankName(period.qualifiedRank[member]!),
      highest: summary.highestRank,
      highestBeforePeriod: rankName(period.priorHighestRank[member]!),
      evaluation: plan.ranks.map((rank, index) => {
        const requirements = period.rankChecks[index]!.map((check) => explainCheck(check, member));
        return { rank: rank.id, met: requirements.every((requirement) => requirement.met), requirements };
      }),
    },
    earned: summary.earned,
    ...(described.length > 0 ? { bonuses: Object.fromEntries(described) } : {}),
    lines: collectLines(calculation, member, (line, detail) => ({ ...line, explanation: describeLine(line, detail.note) + capNote })),
  };
}

function findMember(scenario: Scenario, memberId: string): number {
  for (let member = 0; member < scenario.memberCount; member += 1) if (scenario.memberId(member) === memberId) return member;
  return NONE;
}

function frontline(parent: Int32Array, member: number): number[] {
  const children: number[] = [];
  parent.forEach((up, child) => { if (up === member) children.push(child); });
  return children;
}

function explainCheck(check: RequirementCheck, member: number): RequirementExplanation {
  const actual = check.actual[member]!;
  const met = actual >= check.required;
  if (check.unit === 'yes/no') return { requirement: check.requirement, required: true, actual: actual === 1, met };
  const scale = check.unit === 'points' ? VOLUME_SCALE : 1;
  return { requirement: check.requirement, required: check.required / scale, actual: actual / scale, met };
}

function describeLine(line: ResultLine, note: string | undefined): string {
  const from = line.source.order ? `order ${line.source.order} of ${line.source.member}` : `member ${line.source.member}`;
  const levels = line.level === undefined ? '' : `, level ${line.level}${line.paidLevel !== undefined && line.paidLevel !== line.level ? ` paid as level ${line.paidLevel}` : ''}`;
  const arithmetic = line.rate !== undefined && line.base !== undefined ? `${line.rate} of ${line.base}` : `${line.amount}`;
  return `${line.bonus}: ${arithmetic} from ${from}${levels}${note ? ` (${note})` : ''}`;
}
