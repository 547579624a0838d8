import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, MemberRefParam, Money, Ref } from '../../schemas/common.ts';
import { PayoutBatchSchema, WalletStandingSchema } from '../../schemas/payouts.ts';
import { viewPayoutBatch } from '../../services/payouts/batch-view.ts';
import { buildPayoutBatch } from '../../services/payouts/build-batch.ts';
import { exportPayoutBatch } from '../../services/payouts/export-batch.ts';
import { listWalletStandings } from '../../services/payouts/payable.ts';
import { setPayoutHold } from '../../services/payouts/payout-hold.ts';
import { settlePayout } from '../../services/payouts/settle-payout.ts';
import { contextFor } from '../request-context.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });

export const payoutRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/payouts/wallets', { schema: { tags: ['payouts'], summary: 'Wallets with a balance and no payout under way, with any hold', response: { 200: z.object({ minimumPayout: Money, items: z.array(WalletStandingSchema) }) } } },
      async (request) => listWalletStandings(contextFor(request, db)));

    app.post('/payout-batches', {
      schema: {
        tags: ['payouts'], summary: 'Build a payout batch from payable wallets (or only the named members)',
        body: z.object({ members: z.array(Ref).min(1).max(10_000).optional() }).strict().nullish(),
        response: { 201: PayoutBatchSchema, ...errorResponses(404, 409, 422) },
      },
    }, async (request, reply) => reply.code(201).send(await buildPayoutBatch(contextFor(request, db), { members: request.body?.members })));

    app.get('/payout-batches/:id', { schema: { tags: ['payouts'], summary: 'A payout batch and its payouts', params: IdParam, response: { 200: PayoutBatchSchema, ...errorResponses(404) } } },
      async (request) => viewPayoutBatch(contextFor(request, db), request.params.id));

    app.get('/payout-batches/:id/bank-file.csv', { schema: { tags: ['payouts'], summary: 'The bank transfer file (marks the batch exported)', params: IdParam, response: { 200: z.string().describe('text/csv'), ...errorResponses(404) } } },
      async (request, reply) => {
        const csv = await exportPayoutBatch(contextFor(request, db), request.params.id);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="payout-batch-${request.params.id}.csv"`).send(csv);
      });

    app.post('/payouts/:id/paid', { schema: { tags: ['payouts'], summary: 'The bank paid this payout', params: IdParam, response: { 200: PayoutBatchSchema, ...errorResponses(404, 409) } } },
      async (request) => settlePayout(contextFor(request, db), request.params.id, { outcome: 'paid' }));

    app.post('/payouts/:id/failed', {
      schema: { tags: ['payouts'], summary: 'The bank could not pay: the amount returns to the wallet', params: IdParam, body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(), response: { 200: PayoutBatchSchema, ...errorResponses(400, 404, 409) } },
    }, async (request) => settlePayout(contextFor(request, db), request.params.id, { outcome: 'failed', reason: request.body.reason }));

    app.put('/members/:ref/payout-hold', {
      schema: {
        tags: ['payouts'], summary: "Hold a member's payouts (with a reason) or lift the hold (null); earning goes on", params: MemberRefParam,
        body: z.object({ hold: z.string().trim().min(1).max(500).nullable() }).strict(),
        response: { 200: z.object({ memberId: z.number().int(), code: z.string(), payoutHold: z.string().nullable(), holdKind: z.enum(['payout', 'compliance']).nullable() }), ...errorResponses(400, 404, 409) },
      },
    }, async (request) => setPayoutHold(contextFor(request, db), request.params.ref, request.body.hold));
  };
