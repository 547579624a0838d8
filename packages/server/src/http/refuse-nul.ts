import { SamoohError } from '../errors.ts';

/** No request Samooh takes nests deeper than this; deeper bodies are refused before anything walks them. */
export const MAX_BODY_DEPTH = 32;

/**
 * True when any string inside the value (keys included) holds a NUL character,
 * which PostgreSQL cannot store. Walks with its own stack, so a hostile body
 * nested thousands deep cannot exhaust the call stack; past maxDepth it refuses.
 */
export function containsNul(value: unknown, maxDepth = MAX_BODY_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return true;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) throw new SamoohError('VALIDATION_FAILED', { summary: `the body is nested more than ${maxDepth} levels deep` });
    if (Array.isArray(current)) {
      for (const inner of current) stack.push([inner, depth + 1]);
      continue;
    }
    for (const [key, inner] of Object.entries(current)) {
      if (key.includes('\u0000')) return true;
      stack.push([inner, depth + 1]);
    }
  }
  return false;
}

/** Refuses a request whose body, query or path holds a NUL character, or nests absurdly deep, before any service sees it. */
export async function refuseNul(request: { body?: unknown; query?: unknown; params?: unknown }): Promise<void> {
  if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
    throw new SamoohError('VALIDATION_FAILED', { summary: 'text must not contain NUL characters' });
  }
}
