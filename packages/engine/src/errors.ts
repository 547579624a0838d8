/** One problem with an input: where it is, what was expected, and which ids are involved. */
export interface InputIssue {
  path: string;
  message: string;
  ids?: string[];
}

export type EngineInputErrorCode = 'PLAN_INVALID' | 'SCENARIO_INVALID';

/** The only error the engine throws for bad input; nothing is computed once it is thrown. */
export class EngineInputError extends Error {
  readonly code: EngineInputErrorCode;
  readonly issues: InputIssue[];

  constructor(code: EngineInputErrorCode, issues: InputIssue[]) {
    const what = code === 'PLAN_INVALID' ? 'plan' : 'scenario';
    super(`invalid ${what}:\n${issues.map(describeIssue).join('\n')}`);
    this.name = 'EngineInputError';
    this.code = code;
    this.issues = issues;
  }
}

/** How many offending ids an issue lists before it says "and N more". */
export const MAX_IDS_PER_ISSUE = 20;

function describeIssue(issue: InputIssue): string {
  const where = issue.path ? `${issue.path}: ` : '';
  return `  ${where}${issue.message}${issue.ids?.length ? ` (${formatIdList(issue.ids)})` : ''}`;
}

export function formatIdList(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_IDS_PER_ISSUE).join(', ');
  return ids.length > MAX_IDS_PER_ISSUE ? `${shown} and ${ids.length - MAX_IDS_PER_ISSUE} more` : shown;
}

/** ['bonuses', 2, 'levels', 4] -> "bonuses[2].levels[4]". */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
