import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, MemberRefParam, PageQuery, pageOf } from '../../schemas/common.ts';
import { DownlineMatch, DownlineStatistics, EnrollMemberBody, EnrolledMemberSchema, FrontlineMember, MemberSchema, MaxLevels, SearchMembersQuery, TreeName, TreeQuery, UpdateMemberBody, UpdateProfileBody, UplineEntry } from '../../schemas/members.ts';
import { downlineStatistics } from '../../services/members/downline-statistics.ts';
import { enrollMember } from '../../services/members/enroll-member.ts';
import { joiningTerms } from '../../services/members/joining-terms.ts';
import { getMember } from '../../services/members/get-member.ts';
import { getUpline } from '../../services/members/get-upline.ts';
import { listFrontline } from '../../services/members/list-frontline.ts';
import { searchMembers } from '../../services/members/search-members.ts';
import { checkDownline, searchMemberDownline } from '../../services/members/search-downline.ts';
import { updateMember } from '../../services/members/update-member.ts';
import { updateOwnProfile } from '../../services/members/update-own-profile.ts';
import { contextFor } from '../request-context.ts';

export const memberRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/members',
      {
        schema: {
          tags: ['members'],
          summary: 'Enroll a distributor or customer under a sponsor',
          description: 'Joining never requires a purchase: no starter kit, product or fee is asked for, and the answer says so (joining.purchaseRequired is always false).',
          body: EnrollMemberBody,
          response: { 201: EnrolledMemberSchema, ...errorResponses(400, 409, 422) },
        },
      },
      async (request, reply) => {
        const ctx = contextFor(request, db);
        return reply.code(201).send({ ...(await enrollMember(ctx, request.body)), joining: await joiningTerms(ctx) });
      },
    );

    app.get(
      '/members',
      {
        schema: {
          tags: ['members'],
          summary: 'Search members by name, code or phone',
          querystring: SearchMembersQuery,
          response: { 200: pageOf(MemberSchema), ...errorResponses(400) },
        },
      },
      async (request) => searchMembers(contextFor(request, db), request.query),
    );

    app.get(
      '/members/:ref',
      { schema: { tags: ['members'], summary: 'A member by id or code', params: MemberRefParam, response: { 200: MemberSchema, ...errorResponses(404) } } },
      async (request) => getMember(contextFor(request, db), request.params.ref),
    );

    app.patch(
      '/members/:ref',
      {
        schema: {
          tags: ['members'],
          summary: 'Update a member: profile, KYC, upgrade to distributor, or change sponsor',
          params: MemberRefParam,
          body: UpdateMemberBody,
          response: { 200: MemberSchema, ...errorResponses(400, 404, 422) },
        },
      },
      async (request) => updateMember(contextFor(request, db), request.params.ref, request.body),
    );

    app.patch(
      '/members/:ref/profile',
      {
        schema: {
          tags: ['members'],
          summary: 'A member updates their own name, contact and KYC details (PAN, bank account with IFSC); the answer shows them masked',
          params: MemberRefParam,
          body: UpdateProfileBody,
          response: { 200: MemberSchema, ...errorResponses(400, 403, 404, 422) },
        },
      },
      async (request) => updateOwnProfile(contextFor(request, db), request.params.ref, request.body),
    );

    app.get(
      '/members/:ref/frontline',
      {
        schema: {
          tags: ['members'],
          summary: "A member's direct children in the sponsor or placement tree, paged",
          params: MemberRefParam,
          querystring: PageQuery.extend(TreeQuery.shape),
          response: {
            200: pageOf(FrontlineMember).extend({
              member: z.object({ id: z.number().int(), code: z.string() }),
              tree: TreeName,
              period: z.object({ id: z.number().int() }).nullable().describe('The open period the standings are from'),
            }),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request) => {
        const { tree, limit, offset } = request.query;
        return listFrontline(contextFor(request, db), request.params.ref, tree, { limit, offset });
      },
    );

    app.get(
      '/members/:ref/upline',
      {
        schema: {
          tags: ['members'],
          summary: "A member's upline path to the root, nearest first",
          params: MemberRefParam,
          querystring: TreeQuery,
          response: {
            200: z.object({ member: z.object({ id: z.number().int(), code: z.string() }), tree: TreeName, depth: z.number().int(), upline: z.array(UplineEntry) }),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request) => getUpline(contextFor(request, db), request.params.ref, request.query.tree),
    );

    app.get(
      '/members/:ref/downline',
      {
        schema: {
          tags: ['members'],
          summary: "Search a member's downline by name, code or phone, nearest levels first",
          params: MemberRefParam,
          querystring: PageQuery.extend(TreeQuery.shape).extend({
            q: z.string().trim().min(1).max(100).optional(),
            maxLevels: MaxLevels,
          }),
          response: {
            200: pageOf(DownlineMatch).extend({ member: z.object({ id: z.number().int(), code: z.string() }), tree: TreeName }),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request) => searchMemberDownline(contextFor(request, db), request.params.ref, request.query),
    );

    app.get(
      '/members/:ref/downline-statistics',
      {
        schema: {
          tags: ['members'],
          summary: "A member's downline level by level: members, distributors, actives and volume in the open period",
          params: MemberRefParam,
          querystring: TreeQuery.extend({ maxLevels: MaxLevels }),
          response: { 200: DownlineStatistics, ...errorResponses(400, 404) },
        },
      },
      async (request) => downlineStatistics(contextFor(request, db), request.params.ref, request.query),
    );

    app.get(
      '/members/:ref/downline/:member',
      {
        schema: {
          tags: ['members'],
          summary: 'Is one member in another’s downline, and how many levels below',
          params: MemberRefParam.extend({ member: z.string().trim().min(1).max(64) }),
          querystring: TreeQuery,
          response: {
            200: z.object({
              ancestor: z.object({ id: z.number().int(), code: z.string() }),
              member: z.object({ id: z.number().int(), code: z.string() }),
              tree: TreeName,
              inDownline: z.boolean(),
              levels: z.number().int().nullable(),
            }),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request) => checkDownline(contextFor(request, db), request.params.ref, request.params.member, request.query.tree),
    );
  };
