import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses } from '../../schemas/common.ts';
import { PeriodChangeBody, PeriodIdParam, PeriodSchema } from '../../schemas/periods.ts';
import { changePeriodStatus, listPeriods, openNextPeriod } from '../../services/periods/periods.ts';
import { contextFor } from '../request-context.ts';

const PERIOD_ACTION_SUMMARY = {
  close: 'Close a period to orders (the cut-off)',
  reopen: 'Reopen a period before it is paid (a committed run is reversed in the ledger; give a reason)',
  pay: 'Mark a committed period paid, once every payout has the bank’s answer',
} as const;

export const periodRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/periods',
      { schema: { tags: ['periods'], summary: 'All pay periods, newest first', response: { 200: z.object({ items: z.array(PeriodSchema) }) } } },
      async (request) => ({ items: await listPeriods(contextFor(request, db)) }),
    );

    app.post(
      '/periods',
      { schema: { tags: ['periods'], summary: 'Open the next pay period', response: { 201: PeriodSchema, ...errorResponses(409) } } },
      async (request, reply) => reply.code(201).send(await openNextPeriod(contextFor(request, db))),
    );

    for (const action of ['close', 'reopen', 'pay'] as const) {
      app.post(
        `/periods/:id/${action}`,
        {
          schema: {
            tags: ['periods'],
            summary: PERIOD_ACTION_SUMMARY[action],
            params: PeriodIdParam,
            body: PeriodChangeBody.nullish(),
            response: { 200: PeriodSchema, ...errorResponses(404, 409) },
          },
        },
        async (request) => changePeriodStatus(contextFor(request, db), request.params.id, action, request.body?.reason),
      );
    }
  };
