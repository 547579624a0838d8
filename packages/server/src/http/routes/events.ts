import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, IsoDateTime, MemberRefParam } from '../../schemas/common.ts';
import { EventInputSchema, EventSchema, IdParam, RecognitionChoice } from '../../schemas/community.ts';
import { createEvent } from '../../services/events/create-event.ts';
import { listRegistrations, recordAttendance, registerForEvent } from '../../services/events/event-registrations.ts';
import { listEvents } from '../../services/events/list-events.ts';
import { getRecognition, getRecognitionChoice, setRecognitionOptOut } from '../../services/recognition/recognition.ts';
import { contextFor } from '../request-context.ts';

const Month = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');

/** Company and team events with registration and attendance; the month's recognition. */
export const eventRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/events', {
      schema: { tags: ['community'], summary: 'Create a company event, or a team event for one\'s own downline', body: EventInputSchema, response: { 201: EventSchema, ...errorResponses(400, 422) } },
    }, async (request, reply) => reply.code(201).send(await createEvent(contextFor(request, db), request.body)));

    app.get('/events', {
      schema: { tags: ['community'], summary: 'Events the caller may attend, soonest first', querystring: z.object({ past: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ items: z.array(EventSchema) }) } },
    }, async (request) => listEvents(contextFor(request, db), { includePast: request.query.past === 'true' }));

    app.post('/events/:id/registrations', {
      schema: { tags: ['community'], summary: 'Register oneself for an event', params: IdParam, response: { 200: z.object({ eventId: z.number().int(), memberId: z.number().int(), registered: z.number().int() }), ...errorResponses(404, 409, 422) } },
    }, async (request) => registerForEvent(contextFor(request, db), request.params.id));

    app.get('/events/:id/registrations', {
      schema: {
        tags: ['community'], summary: 'Who registered and who attended (organizer and company)', params: IdParam,
        response: { 200: z.object({ eventId: z.number().int(), items: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), registeredAt: IsoDateTime, attended: z.boolean() })) }), ...errorResponses(404) },
      },
    }, async (request) => listRegistrations(contextFor(request, db), request.params.id));

    app.post('/events/:id/attendance', {
      schema: {
        tags: ['community'], summary: 'Record who attended (registered members, by code)', params: IdParam,
        body: z.object({ members: z.array(z.string().trim().min(1).max(64)).min(1).max(5000) }).strict(),
        response: { 200: z.object({ eventId: z.number().int(), attended: z.number().int(), notRegistered: z.array(z.string()) }), ...errorResponses(400, 404) },
      },
    }, async (request) => recordAttendance(contextFor(request, db), request.params.id, request.body.members));

    app.get('/recognition', {
      schema: {
        tags: ['community'], summary: "The month's rank advancements, top sellers by customer sales and new members (opted-out members left out)",
        querystring: z.object({ month: Month }),
        response: {
          200: z.object({
            month: z.string(),
            rankAdvancements: z.array(z.object({ code: z.string(), name: z.string(), rank: z.string() })),
            topSellers: z.array(z.object({ code: z.string(), name: z.string(), customerSales: z.number().int(), currency: z.string() })),
            newMembers: z.array(z.object({ code: z.string(), name: z.string(), joinedOn: z.string() })),
          }),
          ...errorResponses(400),
        },
      },
    }, async (request) => getRecognition(contextFor(request, db), request.query.month));

    app.get('/members/:ref/recognition', {
      schema: {
        tags: ['community'], summary: 'Whether the member is opted out of public recognition (the member; staff read)', params: MemberRefParam,
        response: { 200: RecognitionChoice, ...errorResponses(404) },
      },
    }, async (request) => getRecognitionChoice(contextFor(request, db), request.params.ref));

    app.put('/members/:ref/recognition', {
      schema: {
        tags: ['community'], summary: 'Opt out of public recognition (or back in)', params: MemberRefParam, body: z.object({ optOut: z.boolean() }).strict(),
        response: { 200: RecognitionChoice, ...errorResponses(400, 404) },
      },
    }, async (request) => setRecognitionOptOut(contextFor(request, db), request.params.ref, request.body.optOut));
  };
