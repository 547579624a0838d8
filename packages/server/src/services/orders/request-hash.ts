import { createHash } from 'node:crypto';

/** A stable fingerprint of a request body: same content, same hash, whatever the key order. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A reference as the hash should see it: codes are case-insensitive, ids are numbers. */
export function normalizedRef(ref: number | string): number | string {
  if (typeof ref === 'number') return ref;
  const text = ref.trim().toUpperCase();
  return /^\d+$/.test(text) ? Number(text) : text;
}
