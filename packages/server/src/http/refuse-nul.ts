import { SamoohError } from '../errors.ts';

/** True when any string inside the value (keys included) holds a NUL character, which PostgreSQL cannot store. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner));
  return false;
}

/** Refuses a request whose body, query or path holds a NUL character, before any service sees it. */
export async function refuseNul(request: { body?: unknown; query?: unknown; params?: unknown }): Promise<void> {
  if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
    throw new SamoohError('VALIDATION_FAILED', { summary: 'text must not contain NUL characters' });
  }
}
