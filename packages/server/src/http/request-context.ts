import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { languageFromHeader } from '../i18n/i18n.ts';
import type { RequestContext } from '../services/context.ts';

/** The request's context for the services: its actor (from the session or token), language and log. */
export function contextFor(request: FastifyRequest, db: Kysely<Database>): RequestContext {
  return { db, actor: request.actor, language: languageFromHeader(request.headers['accept-language']), log: request.log as RequestContext['log'] };
}
