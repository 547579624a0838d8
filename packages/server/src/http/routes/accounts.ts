import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { ApiTokenSchema, CreateApiTokenBody, CreateUserBody, PasswordResetSchema, UpdateUserBody, UserIdParam, UserSchema } from '../../schemas/accounts.ts';
import { errorResponses } from '../../schemas/common.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/auth/api-tokens.ts';
import { issueResetForUser } from '../../services/auth/password-reset.ts';
import { createUser, listUsers, setUserDisabled } from '../../services/auth/users.ts';
import { contextFor } from '../request-context.ts';

/** Accounts and integration tokens: for owners and admins. */
export const accountRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/users', { schema: { tags: ['accounts'], summary: 'All accounts', response: { 200: z.object({ items: z.array(UserSchema) }), ...errorResponses(401, 403) } } }, async (request) => ({
      items: await listUsers(contextFor(request, db)),
    }));

    app.post(
      '/users',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create an account: staff roles, or a distributor or customer account for a member',
          description: 'Without a password the answer carries a one-time reset token to hand to the person; Samooh sends no e-mail yet.',
          body: CreateUserBody,
          response: { 201: z.object({ user: UserSchema, passwordReset: PasswordResetSchema.nullable() }), ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await createUser(contextFor(request, db), request.body)),
    );

    app.patch(
      '/users/:id',
      { schema: { tags: ['accounts'], summary: 'Disable or enable an account (disabling ends its sessions)', params: UserIdParam, body: UpdateUserBody, response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) } } },
      async (request) => setUserDisabled(contextFor(request, db), request.params.id, request.body.disabled),
    );

    app.post(
      '/users/:id/password-reset',
      { schema: { tags: ['accounts'], summary: 'Issue a one-time password reset token for an account, to hand over', params: UserIdParam, response: { 201: PasswordResetSchema, ...errorResponses(401, 403, 404) } } },
      async (request, reply) => reply.code(201).send(await issueResetForUser(contextFor(request, db), request.params.id)),
    );

    app.get('/tokens', { schema: { tags: ['accounts'], summary: 'Integration tokens (never their secrets)', response: { 200: z.object({ items: z.array(ApiTokenSchema) }), ...errorResponses(401, 403) } } }, async (request) => ({
      items: await listApiTokens(contextFor(request, db)),
    }));

    app.post(
      '/tokens',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create a scoped integration token; the token is shown in this answer only',
          description: 'Send it as `Authorization: Bearer <token>`.',
          body: CreateApiTokenBody,
          response: { 201: z.object({ token: z.string(), apiToken: ApiTokenSchema }), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => reply.code(201).send(await createApiToken(contextFor(request, db), request.body)),
    );

    app.post(
      '/tokens/:id/revoke',
      { schema: { tags: ['accounts'], summary: 'Revoke an integration token at once', params: UserIdParam, response: { 200: ApiTokenSchema, ...errorResponses(401, 403, 404) } } },
      async (request) => revokeApiToken(contextFor(request, db), request.params.id),
    );
  };
