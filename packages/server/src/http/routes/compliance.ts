import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Language } from '../../db/schema.ts';
import { errorResponses, MemberRefParam, pageOf } from '../../schemas/common.ts';
import {
  AcknowledgeBody, ChecklistSchema, ComplianceSettingsPatch, ComplianceSettingsSchema, DisclosureFormatParam, DisclosureQuery, FlagIdParam, FlagQuery, FlagSchema,
  HoldBody, HoldSchema, IncomeDisclosureSchema, MonitorsSchema, ScanSchema,
} from '../../schemas/compliance.ts';
import { PeriodIdParam } from '../../schemas/periods.ts';
import { acknowledgeFlag } from '../../services/compliance/acknowledge-flag.ts';
import { listComplianceHolds, setComplianceHold } from '../../services/compliance/compliance-hold.ts';
import { getComplianceSettings } from '../../services/compliance/get-compliance-settings.ts';
import { getPeriodMonitors } from '../../services/compliance/get-period-monitors.ts';
import { incomeDisclosure } from '../../services/compliance/income-disclosure.ts';
import { incomeDisclosureCsv, incomeDisclosureHtml } from '../../services/compliance/income-disclosure-render.ts';
import { indiaChecklist } from '../../services/compliance/india-checklist.ts';
import { listFlags } from '../../services/compliance/list-flags.ts';
import { scanPeriod } from '../../services/compliance/scan-period.ts';
import { updateComplianceSettings } from '../../services/compliance/update-compliance-settings.ts';
import { contextFor } from '../request-context.ts';

export const complianceRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['compliance'];
    /** The statement speaks the language asked for in the query, else the one of Accept-Language. */
    const disclosureContext = (request: FastifyRequest, language: Language | undefined) => {
      const ctx = contextFor(request, db);
      return language ? { ...ctx, language } : ctx;
    };

    app.get('/compliance/income-disclosure', {
      schema: { tags, summary: 'Income disclosure statement for a range of committed periods', querystring: DisclosureQuery, response: { 200: IncomeDisclosureSchema, ...errorResponses(400, 404, 422) } },
    }, async (request) => incomeDisclosure(disclosureContext(request, request.query.language), request.query.from, request.query.to ?? request.query.from));

    app.get('/compliance/income-disclosure.:format', {
      schema: { tags, summary: 'The income disclosure statement as CSV or as a printable page (English or Hindi: by the language parameter, else Accept-Language)', params: DisclosureFormatParam, querystring: DisclosureQuery, response: { 200: z.string().describe('text/csv or text/html'), ...errorResponses(400, 404, 422) } },
    }, async (request, reply) => {
      const ctx = disclosureContext(request, request.query.language);
      const disclosure = await incomeDisclosure(ctx, request.query.from, request.query.to ?? request.query.from);
      if (request.params.format === 'html') return reply.type('text/html; charset=utf-8').send(incomeDisclosureHtml(disclosure, ctx.language));
      const name = `income-disclosure-${disclosure.range.start}-${disclosure.range.end}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(incomeDisclosureCsv(disclosure, ctx.language));
    });

    app.get('/compliance/settings', { schema: { tags, summary: 'Compliance thresholds, cooling-off window and grievance contact', response: { 200: ComplianceSettingsSchema } } },
      async (request) => getComplianceSettings(contextFor(request, db)));

    app.patch('/compliance/settings', {
      schema: { tags, summary: 'Change compliance settings (the fields given); audited', body: ComplianceSettingsPatch, response: { 200: ComplianceSettingsSchema, ...errorResponses(400, 422) } },
    }, async (request) => updateComplianceSettings(contextFor(request, db), request.body));

    app.get('/compliance/periods/:id/monitors', {
      schema: { tags, summary: "A period's compliance figures as they stand (nothing stored)", params: PeriodIdParam, response: { 200: MonitorsSchema.extend({ lastScan: z.object({ at: z.string(), by: z.string() }).nullable(), wouldFlag: z.number().int() }), ...errorResponses(404) } },
    }, async (request) => getPeriodMonitors(contextFor(request, db), request.params.id));

    app.post('/compliance/periods/:id/scan', {
      schema: { tags, summary: 'Run the monitors over a closed period and store the flags (again: same flags, updated)', params: PeriodIdParam, response: { 200: ScanSchema, ...errorResponses(404, 409) } },
    }, async (request) => scanPeriod(contextFor(request, db), request.params.id));

    app.get('/compliance/flags', { schema: { tags, summary: 'Compliance flags with their evidence, filtered', querystring: FlagQuery, response: { 200: pageOf(FlagSchema), ...errorResponses(400) } } },
      async (request) => listFlags(contextFor(request, db), request.query));

    app.post('/compliance/flags/:id/acknowledge', {
      schema: { tags, summary: 'Acknowledge a flag with a note; audited', params: FlagIdParam, body: AcknowledgeBody, response: { 200: FlagSchema, ...errorResponses(400, 404, 409) } },
    }, async (request) => acknowledgeFlag(contextFor(request, db), request.params.id, request.body.note));

    app.get('/compliance/holds', { schema: { tags, summary: 'Members whose payouts are under a compliance hold', response: { 200: z.object({ items: z.array(z.object({ memberId: z.number().int(), code: z.string(), name: z.string(), reason: z.string() })) }) } } },
      async (request) => listComplianceHolds(contextFor(request, db)));

    app.put('/members/:ref/compliance-hold', {
      schema: { tags, summary: 'Put a member on compliance hold (payouts stop, earning goes on) or lift it (null)', params: MemberRefParam, body: HoldBody, response: { 200: HoldSchema, ...errorResponses(400, 404) } },
    }, async (request) => setComplianceHold(contextFor(request, db), request.params.ref, request.body.hold));

    app.get('/compliance/india-checklist', { schema: { tags, summary: 'India direct selling rules: which checks hold, with evidence', response: { 200: ChecklistSchema } } },
      async (request) => indiaChecklist(contextFor(request, db)));
  };
