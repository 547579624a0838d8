/**
 * The fields a refusal names: a 400 VALIDATION_FAILED carries `details: [{path: 'body.x', message}]`,
 * turned here into `{x: message}` so a form shows each message under its own field.
 * Anything else (a business rule's refusal, a network failure, no error) names no field: `{}`.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  // An ApiError (lib/api.ts), read by its shape so this stays free of the app's runtime.
  const refusal = error as { code?: unknown; details?: unknown } | null;
  if (typeof refusal !== 'object' || refusal === null || refusal.code !== 'VALIDATION_FAILED' || !Array.isArray(refusal.details)) return {};
  const fields: Record<string, string> = {};
  for (const issue of refusal.details as { path?: unknown; message?: unknown }[]) {
    if (typeof issue?.path !== 'string' || typeof issue.message !== 'string') continue;
    const field = /^body\.([A-Za-z0-9_]+)/.exec(issue.path)?.[1];
    if (field && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}
