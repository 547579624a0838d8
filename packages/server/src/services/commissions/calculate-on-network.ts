import { calculateSnapshot, EngineInputError, type Calculation, type CalculationOptions, type Plan, type Snapshot } from '@samooh/engine';
import { SamoohError } from '../../errors.ts';

/**
 * Runs the engine on a snapshot read from the company's own network. The snapshot is valid by
 * construction (the database keeps its trees whole), so the engine refuses it only when the plan
 * asks for a network the company does not have: a binary bonus over a matrix placement tree, a
 * matrix narrower than the company's. That is the plan's fault, answered 422 with the engine's
 * own words naming the members, never a 500.
 */
export function calculateOnNetwork(plan: Plan, snapshot: Snapshot, options?: CalculationOptions): Calculation {
  try {
    return calculateSnapshot(plan, snapshot, options);
  } catch (error) {
    if (!(error instanceof EngineInputError) || error.code !== 'SCENARIO_INVALID') throw error;
    const shown = error.issues.slice(0, 3).map((issue) => issue.message);
    const more = error.issues.length > shown.length ? ` (+${error.issues.length - shown.length})` : '';
    throw new SamoohError('PLAN_DOES_NOT_FIT_NETWORK', { plan: `${plan.plan} v${plan.version}`, issues: shown.join('; ') + more }, { issues: error.issues });
  }
}
