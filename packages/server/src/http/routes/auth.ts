import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { ChangePasswordBody, UpdateMeBody, ResetPasswordBody, ResetRequestBody, SignedInSchema, SignInBody, UserSchema } from '../../schemas/accounts.ts';
import { errorResponses } from '../../schemas/common.ts';
import { requestPasswordReset, resetPassword } from '../../services/auth/password-reset.ts';
import { csrfTokenFor, secretHash } from '../../services/auth/secrets.ts';
import { setOwnLanguage } from '../../services/auth/set-own-language.ts';
import { signIn, signOut, signOutEverywhere } from '../../services/auth/sessions.ts';
import { changeOwnPassword, getMe } from '../../services/auth/users.ts';
import { clearedSessionCookie, sessionCookie, type AuthOptions } from '../authenticate.ts';
import { contextFor } from '../request-context.ts';

export interface AuthRouteOptions extends AuthOptions {
  /** In development a requested reset token is written to the log (there is no e-mail yet). */
  logResetTokens: boolean;
}

export const authRoutes =
  (db: Kysely<Database>, options: AuthRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/auth/sign-in',
      {
        config: { public: true },
        schema: {
          tags: ['accounts'],
          summary: 'Sign in with email and password: sets the httpOnly session cookie',
          body: SignInBody,
          response: { 200: SignedInSchema, ...errorResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const ctx = contextFor(request, db);
        const signedIn = await signIn(ctx, { ...request.body, address: request.ip, userAgent: request.headers['user-agent'] }, options.session);
        reply.header('set-cookie', sessionCookie(signedIn.secret, options, Math.floor((signedIn.expiresAt.getTime() - Date.now()) / 1000)));
        return { user: signedIn.user, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt.toISOString() };
      },
    );

    app.post(
      '/auth/sign-out',
      { config: { public: true }, schema: { tags: ['accounts'], summary: 'End this session', response: { 204: z.null() } } },
      async (request, reply) => {
        if (request.sessionSecret) await signOut(contextFor(request, db), request.sessionSecret);
        return reply.header('set-cookie', clearedSessionCookie(options)).code(204).send(null);
      },
    );

    app.post(
      '/auth/sign-out-everywhere',
      { schema: { tags: ['accounts'], summary: 'End every session of this account, on every device', response: { 200: z.object({ sessionsEnded: z.number().int() }), ...errorResponses(401, 403) } } },
      async (request, reply) => {
        const sessionsEnded = await signOutEverywhere(contextFor(request, db));
        return reply.header('set-cookie', clearedSessionCookie(options)).send({ sessionsEnded });
      },
    );

    app.get(
      '/auth/me',
      {
        schema: {
          tags: ['accounts'],
          summary: 'The signed-in account, with a fresh CSRF token',
          response: { 200: z.object({ user: UserSchema, csrfToken: z.string().nullable() }), ...errorResponses(401, 403) },
        },
      },
      async (request) => ({ user: await getMe(contextFor(request, db)), csrfToken: request.sessionSecret ? csrfTokenFor(request.sessionSecret) : null }),
    );

    app.patch(
      '/auth/me',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Change your own account settings: the language Samooh speaks to you in (remembered on every device)',
          body: UpdateMeBody,
          response: { 200: z.object({ user: UserSchema }), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => ({ user: await setOwnLanguage(contextFor(request, db), request.body.language) }),
    );

    app.post(
      '/auth/password',
      { schema: { tags: ['accounts'], summary: 'Change your own password; your other sessions end', body: ChangePasswordBody, response: { 204: z.null(), ...errorResponses(400, 401, 422) } } },
      async (request, reply) => {
        await changeOwnPassword(contextFor(request, db), request.body, request.sessionSecret ? secretHash(request.sessionSecret) : undefined);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/password-reset/request',
      {
        config: { public: true },
        schema: {
          tags: ['accounts'],
          summary: 'Forgot password: issues a one-time reset token (written to the server log in development; no e-mail yet)',
          body: ResetRequestBody,
          response: { 202: z.object({ accepted: z.literal(true) }), ...errorResponses(400) },
        },
      },
      async (request, reply) => {
        const ctx = contextFor(request, db);
        await requestPasswordReset(ctx, request.body.email, (user, issued) => {
          if (options.logResetTokens) ctx.log.warn({ user: user.email, token: issued.token, expiresAt: issued.expiresAt }, 'password reset token (development only: deliver by e-mail in production)');
          else ctx.log.info({ user: user.id }, 'password reset requested; hand the user a token from an admin (POST /api/users/:id/password-reset)');
        });
        return reply.code(202).send({ accepted: true as const });
      },
    );

    app.post(
      '/auth/password-reset',
      {
        config: { public: true },
        schema: { tags: ['accounts'], summary: 'Set a new password with a one-time reset token', body: ResetPasswordBody, response: { 204: z.null(), ...errorResponses(400, 422) } },
      },
      async (request, reply) => {
        await resetPassword(contextFor(request, db), request.body);
        return reply.code(204).send(null);
      },
    );
  };
