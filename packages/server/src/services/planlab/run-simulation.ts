import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { planFrom, type PlanChoice } from './plan-from.ts';
import { AssumptionsSchema, assumptionIssues, type AssumptionsInput } from './assumptions.ts';
import { measureAssumptions } from './measure-history.ts';
import { simulateNetwork, SimulationTooLarge, type SimulationMonth } from './simulate-network.ts';

export interface SimulationRequest {
  plan: PlanChoice;
  /** The assumptions document; or fromHistory to measure them on the company's committed periods. */
  assumptions?: unknown;
  fromHistory?: boolean;
  months: number;
  seed: number;
  start?: string;
}

export interface SimulationResult {
  plan: { plan: string; version: number };
  seed: number;
  source: 'assumptions' | 'history';
  /** The assumptions the simulation ran on, in the form of an assumptions file. */
  assumptions: AssumptionsInput;
  months: SimulationMonth[];
}

/**
 * Runs a forward simulation: a plan, growth and buying assumptions (given, or measured on the
 * company's history), N months, a seed. Reads at most the history; writes nothing.
 */
export async function runSimulation(
  ctx: RequestContext, request: SimulationRequest,
  options: { maxMembers?: number; onMonth?: (month: SimulationMonth) => void } = {},
): Promise<SimulationResult> {
  assertCan(ctx, 'plans:read');
  const { plan } = await planFrom(ctx, request.plan);
  const input = request.fromHistory ? await measureAssumptions(ctx.db) : request.assumptions;
  const parsed = AssumptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = assumptionIssues(parsed.error);
    throw new SamoohError('SIMULATION_ASSUMPTIONS_INVALID', { issues: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') }, { issues });
  }
  try {
    const months = simulateNetwork({ plan, assumptions: parsed.data, months: request.months, seed: request.seed, start: request.start, maxMembers: options.maxMembers, onMonth: options.onMonth });
    return { plan: { plan: plan.plan, version: plan.version }, seed: request.seed, source: request.fromHistory ? 'history' : 'assumptions', assumptions: input as AssumptionsInput, months };
  } catch (error) {
    if (error instanceof SimulationTooLarge) throw new SamoohError('SIMULATION_TOO_LARGE', { members: error.members, limit: error.limit });
    throw error;
  }
}
