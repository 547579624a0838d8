/** The audit log's filters, kept in the address so a filtered view can be linked to and reloaded. */
export interface AuditSearch {
  entity?: string;
  ref?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export const AUDIT_FILTERS = ['entity', 'ref', 'actor', 'action', 'from', 'to'] as const;

/** Reads the filters from the address (the router parses `?ref=42` as a number; any other type is dropped). */
export function auditSearch(search: Record<string, unknown>): AuditSearch {
  const filters: AuditSearch = {};
  for (const field of AUDIT_FILTERS) {
    const value = search[field];
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
    if (text !== '') filters[field] = text.slice(0, 254);
  }
  return filters;
}

/** The API's query string for a page of entries older than `before`. */
export function auditQuery(filters: AuditSearch, limit: number, before: number | null): string {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const field of AUDIT_FILTERS) if (filters[field] !== undefined) params.set(field, filters[field]!);
  if (before !== null) params.set('before', String(before));
  return params.toString();
}
