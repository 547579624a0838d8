import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, PG, pgErrorOf, SamoohError, type ErrorCode, type ErrorParams } from '../errors.ts';
import { translate } from '../i18n/i18n.ts';
import { languageFromHeader } from '../i18n/i18n.ts';

export interface FieldIssue {
  path: string;
  message: string;
}

/** '/items/0/quantity' in the body -> 'body.items[0].quantity'. */
export function fieldPath(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  const tail = parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
  return `${context ?? 'body'}${tail}`;
}

function send(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, params: ErrorParams = {}, details?: unknown) {
  const language = languageFromHeader(request.headers['accept-language']);
  const status = new SamoohError(code).status;
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message: translate(language, `errors.${code}`, params), ...(details === undefined ? {} : { details }) } });
}

/** Database errors that mean bad input or a lost race, never a server fault. */
const DATABASE_REFUSALS: Record<string, ErrorCode> = {
  [PG.uniqueViolation]: 'CONFLICT_RETRY',
  '22021': 'VALIDATION_FAILED', // character not in repertoire (e.g. NUL in text)
  '22P05': 'VALIDATION_FAILED', // untranslatable character
  '22003': 'VALIDATION_FAILED', // numeric value out of range
  '22008': 'VALIDATION_FAILED', // date/time field out of range
};

/** Frameworks' own 4xx codes, mapped to Samooh's. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_JSON',
  FST_ERR_MAX_PARAM_LENGTH: 'REFERENCE_TOO_LONG',
  FST_ERR_BAD_URL: 'URL_INVALID',
};

/**
 * The one place errors become responses: coded, translated, never a stack
 * trace or SQL. Anything unexpected is logged with the request id, and the
 * client gets that id as a reference.
 */
export function replyWithError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SamoohError) return send(reply, request, error.code, error.params, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: FieldIssue[] = error.validation.map((issue) => ({ path: fieldPath(error.validationContext, issue.instancePath), message: issue.message }));
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return send(reply, request, 'VALIDATION_FAILED', { summary }, issues);
  }
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return send(reply, request, mapped);
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return send(reply, request, 'INVALID_JSON');
  if (isDatabaseUnavailable(error)) {
    // PostgreSQL restarting or out of reach: nothing was committed for this request, and the
    // pool reconnects by itself; the client may send it again (with its Idempotency-Key).
    request.log.warn({ code: (error as { code?: string }).code, message: error.message }, 'database unavailable');
    reply.header('retry-after', '1');
    return send(reply, request, 'DATABASE_UNAVAILABLE');
  }
  const databaseRefusal = pgErrorOf(error);
  if (databaseRefusal && DATABASE_REFUSALS[databaseRefusal.code]) {
    // The database caught what validation should have: still the caller's input or a race, not a crash.
    request.log.warn({ code: databaseRefusal.code, constraint: databaseRefusal.constraint }, 'database refused a request');
    const code = DATABASE_REFUSALS[databaseRefusal.code]!;
    return send(reply, request, code, code === 'VALIDATION_FAILED' ? { summary: 'a value is out of range or contains characters that cannot be stored' } : {});
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return send(reply, request, 'VALIDATION_FAILED', { summary: fastifyError.message });
  }
  request.log.error({ err: error }, 'request failed');
  return send(reply, request, 'INTERNAL', { reference: String(request.id) });
}

export function replyNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, request, 'ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? '' });
}
