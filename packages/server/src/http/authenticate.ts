import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { SamoohError } from '../errors.ts';
import { actorOfApiToken } from '../services/auth/api-tokens.ts';
import { csrfTokenFor, safeEqual } from '../services/auth/secrets.ts';
import { actorOfSession, DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../services/auth/sessions.ts';
import { ANONYMOUS_ACTOR, type Actor } from '../services/context.ts';

export const SESSION_COOKIE = 'samooh_session';

export interface AuthOptions {
  session: SessionSettings;
  /** Secure cookies: on outside development (NODE_ENV=production or SAMOOH_SECURE_COOKIES=true). */
  secureCookies: boolean;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = { session: DEFAULT_SESSION_SETTINGS, secureCookies: false };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent this request: set from the session cookie or the bearer token, else anonymous. */
    actor: Actor;
    /** The session secret when the actor came from the cookie. */
    sessionSecret: string | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (health, sign-in, password reset). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(secret: string, options: AuthOptions, maxAgeSeconds: number): string {
  return [`${SESSION_COOKIE}=${secret}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(options.secureCookies ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(options: AuthOptions): string {
  return sessionCookie('', options, 0);
}

/** Routes under /api need a signed-in actor unless marked public; docs and the OpenAPI document are public. */
function needsActor(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (!url || !url.startsWith('/api/') || request.routeOptions.config.public) return false;
  return !(url === '/api/openapi.json' || url.startsWith('/api/docs'));
}

/**
 * Turns the request's credentials into an actor: an `Authorization: Bearer`
 * API token, or the session cookie. A cookie-authenticated change (any method
 * but GET/HEAD/OPTIONS) must carry the session's X-CSRF-Token: another site
 * can make the browser send the cookie, never read the token. Bearer requests
 * carry no ambient credential and are exempt. What an actor may do is for
 * the services to decide; here only "nobody" is refused on protected routes.
 */
export function registerAuthentication(app: FastifyInstance, db: Kysely<Database>, options: AuthOptions): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('sessionSecret', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.actor = ANONYMOUS_ACTOR;
    // The web app's files and its page are the same for everyone: no session lookup for them
    // (a first visit asks for a score of files, each of which would otherwise cost a query).
    if (!request.url.startsWith('/api/') && request.url !== '/api') return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await actorOfApiToken(db, match[1]!) : undefined;
      if (!actor) throw new SamoohError('TOKEN_INVALID');
      request.actor = actor;
    } else {
      const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
      const session = secret ? await actorOfSession(db, secret, options.session) : undefined;
      if (session) {
        request.actor = session.actor;
        request.sessionSecret = secret;
        if (!SAFE_METHODS.has(request.method)) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(secret!))) throw new SamoohError('CSRF_FAILED');
        }
      } else if (secret) {
        reply.header('set-cookie', clearedSessionCookie(options));
      }
    }
    request.log = request.log.child({ actor: request.actor.label });
    if (request.actor.kind === 'anonymous' && needsActor(request)) throw new SamoohError('UNAUTHENTICATED');
  });
}
