import { EngineInputError, MAX_IDS_PER_ISSUE, type EngineInputErrorCode, type InputIssue } from '../errors.ts';

/**
 * Gathers input issues of several kinds, keeping the first few of each kind so that a large
 * bad input still gives a readable error, and throws them all at once.
 */
export class IssueCollector {
  private readonly issues: InputIssue[] = [];
  private readonly countByKind = new Map<string, number>();

  constructor(private readonly code: EngineInputErrorCode) {}

  add(kind: string, issue: InputIssue): void {
    const count = (this.countByKind.get(kind) ?? 0) + 1;
    this.countByKind.set(kind, count);
    if (count <= MAX_IDS_PER_ISSUE) this.issues.push(issue);
  }

  throwIfAny(): void {
    if (this.countByKind.size === 0) return;
    const omitted = [...this.countByKind].filter(([, count]) => count > MAX_IDS_PER_ISSUE)
      .map(([kind, count]) => ({ path: '', message: `and ${count - MAX_IDS_PER_ISSUE} more: ${kind}` }));
    throw new EngineInputError(this.code, [...this.issues, ...omitted]);
  }
}
