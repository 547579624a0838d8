import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { languageFromHeader } from '../i18n/i18n.ts';
import type { Actor, RequestContext } from '../services/context.ts';

/**
 * Until accounts and roles land, every API caller acts as the company's
 * operator; the actor is still recorded in the audit log as "api".
 */
const API_ACTOR: Actor = { kind: 'user', id: null, label: 'api', roles: ['owner'] };

export function contextFor(request: FastifyRequest, db: Kysely<Database>): RequestContext {
  return { db, actor: API_ACTOR, language: languageFromHeader(request.headers['accept-language']), log: request.log as RequestContext['log'] };
}
