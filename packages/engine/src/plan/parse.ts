import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EngineInputError } from '../errors.ts';
import { checkPlanReferences } from './references.ts';
import { PlanDocumentSchema, type Plan } from './schema.ts';
import { fromZodIssues } from './zod-issues.ts';

/** Parses a plan document written in YAML or JSON (JSON is YAML) and validates it. */
export function parsePlan(text: string): Plan {
  return validatePlan(readPlanText(text));
}

/** The document in a plan's text (YAML or JSON), not yet validated; text that is neither is PLAN_INVALID. */
export function readPlanText(text: string): unknown {
  try {
    // Warnings (an unknown tag, say) would go to the process's stderr, once per hostile document: off.
    return parseYaml(text, { prettyErrors: true, logLevel: 'error' });
  } catch (error) {
    throw new EngineInputError('PLAN_INVALID', [{ path: '', message: `not YAML or JSON: ${(error as Error).message}` }]);
  }
}

/** Validates an already-parsed plan document; throws EngineInputError naming every bad path. */
export function validatePlan(document: unknown): Plan {
  const parsed = PlanDocumentSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) throw new EngineInputError('PLAN_INVALID', fromZodIssues(parsed.error.issues));
  const referenceIssues = checkPlanReferences(parsed.data);
  if (referenceIssues.length > 0) throw new EngineInputError('PLAN_INVALID', referenceIssues);
  return parsed.data;
}

/** The plan document format as JSON Schema (draft 2020-12), for editors and other tools. */
export function planJsonSchema(): object {
  return {
    ...z.toJSONSchema(PlanDocumentSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'Samooh compensation plan',
  };
}
