import { EngineInputError, readPlanText, validatePlan, type Plan } from '@samooh/engine';
import { SamoohError } from '../../errors.ts';

/**
 * A plan document (YAML or JSON) read and validated by the engine; a bad one is
 * refused as PLAN_INVALID with every path that is wrong in the details.
 */
export function readPlanDocument(source: string): { document: unknown; plan: Plan } {
  try {
    const document = readPlanText(source);
    return { document, plan: validatePlan(document) };
  } catch (error) {
    if (!(error instanceof EngineInputError)) throw error;
    const issues = error.issues.map((issue) => `${issue.path || '(document)'}: ${issue.message}`);
    throw new SamoohError('PLAN_INVALID', { issues: issues.join('; ') }, { issues: error.issues });
  }
}
