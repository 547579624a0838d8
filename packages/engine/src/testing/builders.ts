/** Small builders for hand-written test plans and scenarios. */
import { EngineInputError, calculate, explainMember, parseScenario, validatePlan, type CalcResult, type Plan, type ResultLine } from '../index.ts';
import type { PlanDocumentInput } from '../plan/schema.ts';
import type { ScenarioDocument } from '../snapshot/scenario-schema.ts';

type MemberDocument = ScenarioDocument['members'][number];
type OrderDocument = NonNullable<ScenarioDocument['orders']>[number];

export const PERIOD = { start: '2026-03-01', end: '2026-03-31' };

export function distributor(id: string, sponsor: string | null, extra: Partial<MemberDocument> = {}): MemberDocument {
  return { id, type: 'distributor', sponsor, joined: '2025-01-01', status: 'active', ...extra };
}

export function customer(id: string, sponsor: string, extra: Partial<MemberDocument> = {}): MemberDocument {
  return { id, type: 'retail', sponsor, joined: '2025-01-01', status: 'active', ...extra };
}

/** An order of `volume` QV and CV (1 CV = 100 paise), dated mid-period. */
export function order(id: string, buyer: string, volume: number, extra: Partial<OrderDocument> = {}): OrderDocument {
  return { id, buyer, date: '2026-03-15', qv: volume, cv: volume, amount: volume * 100, ...extra };
}

export function scenario(members: MemberDocument[], orders: OrderDocument[], extra: Partial<ScenarioDocument> = {}): ScenarioDocument {
  return { period: PERIOD, members, orders, ...extra };
}

/** A plan with no ranks, no activity minimum and the given parts. */
export function plan(parts: Partial<PlanDocumentInput>): Plan {
  return validatePlan({ plan: 'test', version: 1, effectiveFrom: '2026-01-01', currency: 'INR', ...parts });
}

export function run(testPlan: Plan, document: ScenarioDocument): CalcResult {
  return calculate(testPlan, parseScenario(document));
}

export function explain(testPlan: Plan, document: ScenarioDocument, memberId: string) {
  const parsed = parseScenario(document);
  return explainMember(testPlan, parsed, calculate(testPlan, parsed), memberId);
}

/** The lines of one bonus as compact tuples: [payee, amount, source member, paid level]. */
export function linesOf(result: CalcResult, bonus: string): [string, number, string, number | undefined][] {
  return result.lines.filter((line: ResultLine) => line.bonus === bonus)
    .map((line) => [line.payee, line.amount, line.source.member, line.paidLevel]);
}

/** The issues ("path: message") of the EngineInputError an action throws; fails when it throws nothing. */
export function inputIssues(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (!(error instanceof EngineInputError)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the input to be refused');
}
