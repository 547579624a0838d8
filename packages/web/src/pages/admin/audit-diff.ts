/** An audit entry's before and after, compared field by field for the screen. */
export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  change: 'added' | 'removed' | 'changed' | 'same';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field by field: what the record held before and after, and how each field changed. */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  if (before == null && after == null) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    return [{ field: '', before, after, change: before == null ? 'added' : after == null ? 'removed' : same(before, after) ? 'same' : 'changed' }];
  }
  const was = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return fields.map((field) => {
    const inBefore = field in was && before != null;
    const inAfter = field in now && after != null;
    const change = !inBefore ? 'added' : !inAfter ? 'removed' : same(was[field], now[field]) ? 'same' : 'changed';
    return { field, before: was[field], after: now[field], change };
  });
}
