/**
 * @samooh/engine: compensation plans as documents, and (plan, snapshot) -> result.
 * Pure: no I/O, no clock, no randomness.
 */
import type { Plan } from './plan/schema.ts';
import type { Scenario } from './snapshot/parse-scenario.ts';
import { calculateSnapshot } from './calculate.ts';
import { toCalcResult, type CalcResult } from './result.ts';

export { EngineInputError, type EngineInputErrorCode, type InputIssue } from './errors.ts';
export { parsePlan, readPlanText, validatePlan, planJsonSchema } from './plan/parse.ts';
export type { Plan, PlanDocumentInput, Bonus, BonusOfType, BonusType, Rank, Qualify } from './plan/schema.ts';
export { parseScenario, type Scenario } from './snapshot/parse-scenario.ts';
export type { ScenarioDocument } from './snapshot/scenario-schema.ts';
export {
  type Snapshot, type HistoryPeriod, type MemberType, MEMBER_TYPES, VOLUME_SCALE, NONE, LEFT_LEG, RIGHT_LEG,
  allocateMemberColumns, allocateOrderColumns, toVolumeUnits,
} from './snapshot/types.ts';
export { calculateSnapshot, forEachLine, type Calculation, type CalculationOptions } from './calculate.ts';
export { EngineWorkspace } from './core/workspace.ts';
export type { LineDetail } from './bonuses/bonus-run.ts';
export { takeRefundsFromCarry, paidOnMatchedVolume, type RefundedVolume, type CarryAfterRefunds } from './bonuses/binary-refunds.ts';
export type { CalcResult, ResultLine, ResultMember } from './result.ts';
export { memberOutcomes, placementLegVolumes, type MemberOutcomes } from './outcomes.ts';
export { explainMember, type MemberExplanation } from './explain.ts';
export { tryParseDay, formatDay } from './dates.ts';
export {
  RATE_SCALE, parsePercent, tryParsePercent, formatPercent, applyRate,
  type RoundingMode, ROUNDING_MODES, divRound, mulDivRound, splitLargestRemainder,
} from './money/index.ts';

/** Calculates a period: every line, every member's volumes, rank and earnings, and the totals. */
export function calculate(plan: Plan, scenario: Scenario): CalcResult {
  return toCalcResult(calculateSnapshot(plan, scenario));
}
export {
  lintPlan, LINT_CODES, DEFAULT_MAX_PAYOUT_PPM, COMPRESSION_REASONS, type CompressionReason,
  type LintCode, type LintFinding, type LintOptions, type LintResult, type LintSeverity, type EnrollmentItem,
} from './lint/lint-plan.ts';
export { payoutBound, type PayoutBound, type BonusBound, type BoundKind } from './lint/payout-bound.ts';
