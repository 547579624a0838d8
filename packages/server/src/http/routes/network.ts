import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { errorResponses, MemberRefParam } from '../../schemas/common.ts';
import { z } from 'zod';
import { MemberSchema, MergeBody, MovePlacementBody, ReactivateBody, ReferralCode, TerminateBody } from '../../schemas/members.ts';
import { lookUpReferral } from '../../services/members/referral.ts';
import { mergeMembers } from '../../services/network/merge-members.ts';
import { movePlacement } from '../../services/network/move-placement.ts';
import { reactivateMember } from '../../services/network/reactivate-member.ts';
import { terminateMember } from '../../services/network/terminate-member.ts';
import { contextFor } from '../request-context.ts';

/** Administrative changes to the trees: audited, and effective from an open period. */
export const networkRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/members/:ref/placement',
      {
        schema: {
          tags: ['members'],
          summary: 'Move a member, with their whole placement subtree, to another free slot',
          params: MemberRefParam,
          body: MovePlacementBody,
          response: { 200: MemberSchema, ...errorResponses(400, 404, 409, 422) },
        },
      },
      async (request) => movePlacement(contextFor(request, db), request.params.ref, request.body),
    );

    app.get(
      '/referrals/:code',
      {
        // A shop or sign-up page shows whose link it is before anyone signs in.
        config: { public: true },
        schema: {
          tags: ['members'],
          summary: 'Whose referral link this is: the distributor a sign-up or order through it is credited to',
          params: z.object({ code: ReferralCode }),
          response: { 200: z.object({ code: z.string(), name: z.string() }), ...errorResponses(400, 404) },
        },
      },
      async (request) => lookUpReferral(contextFor(request, db), request.params.code),
    );

    app.post(
      '/members/:ref/terminate',
      {
        schema: {
          tags: ['members'],
          summary: 'Terminate a member; their downline rolls up in both trees',
          params: MemberRefParam,
          body: TerminateBody,
          response: { 200: MemberSchema, ...errorResponses(400, 404, 422) },
        },
      },
      async (request) => terminateMember(contextFor(request, db), request.params.ref, request.body),
    );

    app.post(
      '/members/:ref/merge',
      {
        schema: {
          tags: ['members'],
          summary: "Merge a duplicate account into another (administrators): open periods' orders, sponsored members and placement subtree move to the survivor",
          params: MemberRefParam,
          body: MergeBody,
          response: {
            200: z.object({
              duplicate: MemberSchema,
              survivor: MemberSchema,
              moved: z.object({ orders: z.number().int(), sponsored: z.number().int(), placementChildren: z.number().int() }),
            }),
            ...errorResponses(400, 403, 404, 409, 422),
          },
        },
      },
      async (request) => mergeMembers(contextFor(request, db), request.params.ref, request.body),
    );

    app.post(
      '/members/:ref/reactivate',
      {
        schema: {
          tags: ['members'],
          summary: 'Reactivate a terminated member as a new leaf under their (or a new) sponsor',
          params: MemberRefParam,
          body: ReactivateBody,
          response: { 200: MemberSchema, ...errorResponses(400, 404, 409, 422) },
        },
      },
      async (request) => reactivateMember(contextFor(request, db), request.params.ref, request.body),
    );
  };
