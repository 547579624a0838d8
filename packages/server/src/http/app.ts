import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connection.ts';
import { SamoohError } from '../errors.ts';
import { DEFAULT_AUTH_OPTIONS, registerAuthentication, type AuthOptions } from './authenticate.ts';
import { replyNotFound, replyWithError } from './error-reply.ts';
import { refuseNul } from './refuse-nul.ts';
import { commissionRoutes } from './routes/commissions.ts';
import { complianceRoutes } from './routes/compliance.ts';
import { accountRoutes } from './routes/accounts.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { memberRoutes } from './routes/members.ts';
import { networkRoutes } from './routes/network.ts';
import { orderRoutes } from './routes/orders.ts';
import { payoutRoutes } from './routes/payouts.ts';
import { periodRoutes } from './routes/periods.ts';
import { planLabRoutes } from './routes/planlab.ts';
import { productRoutes } from './routes/products.ts';
import { storefrontRoutes } from './routes/storefront.ts';
import { taxRoutes } from './routes/tax.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { announcementRoutes } from './routes/announcements.ts';
import { eventRoutes } from './routes/events.ts';
import { trainingRoutes } from './routes/training.ts';
import { reportRoutes } from './routes/reports.ts';
import { autoshipRoutes } from './routes/autoships.ts';
import { fulfilmentRoutes } from './routes/fulfilment.ts';
import { shopRoutes } from './routes/shop.ts';
import { auditRoutes } from './routes/audit.ts';

export interface AppOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Sessions, cookies and sign-in throttling. */
  auth?: Partial<AuthOptions>;
  /** Write a requested password reset token to the log (development only: there is no e-mail yet). */
  logResetTokens?: boolean;
  /** Requests per minute per caller (account, token, or address when anonymous); false turns the limits off. */
  rateLimit?: RateLimits | false;
  /** The built web app (packages/web/dist): served at / with every other non-API path answered by its index.html. */
  webRoot?: string | null;
  /** Largest training file accepted, in bytes (default 5 MiB). */
  trainingFileMaxBytes?: number;
}

export interface RateLimits {
  /** POST, PATCH, PUT, DELETE. */
  writesPerMinute: number;
  /** Member search and downline search. */
  searchesPerMinute: number;
  /** Every other read. */
  readsPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { writesPerMinute: 600, searchesPerMinute: 120, readsPerMinute: 3000 };

/** Routes that search (and so could be used to scrape): their own, lower limit. */
const SEARCH_ROUTES = new Set(['/api/members', '/api/members/:ref/downline']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function rateCategory(request: FastifyRequest): 'writes' | 'searches' | 'reads' {
  if (!SAFE_METHODS.has(request.method)) return 'writes';
  return SEARCH_ROUTES.has(request.routeOptions.url ?? '') ? 'searches' : 'reads';
}


/** Builds the HTTP application: thin routes over the services, one error shape, an OpenAPI 3.1 document. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    genReqId: () => crypto.randomUUID(),
    // A path reference longer than the router takes, or a malformed URL: the one error shape too.
    frameworkErrors: (error, request, reply) => replyWithError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler(options.webRoot ? appShellOr404 : replyNotFound);
  // The API speaks JSON only; plain text bodies are refused with 415 rather than half-validated.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', refuseNul);

  const auth: AuthOptions = { ...DEFAULT_AUTH_OPTIONS, ...options.auth };
  // Security headers on every answer. The CSP allows only Samooh's own scripts, which the
  // Swagger UI at /api/docs and the built web app are (neither has an inline script); the web
  // app's component kit sets styles at run time (style-src keeps helmet's 'unsafe-inline'),
  // its fonts are its own files, and nothing may frame Samooh.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': auth.secureCookies ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: auth.secureCookies,
  });
  registerAuthentication(app as unknown as FastifyInstance, options.database.db, auth);
  if (options.rateLimit !== false) {
    const limits = options.rateLimit ?? DEFAULT_RATE_LIMITS;
    await app.register(fastifyRateLimit, {
      // After authentication, so a signed-in caller is counted as themselves, not by address.
      hook: 'preHandler',
      timeWindow: 60_000,
      // One budget per caller and kind of request: writes, searches and other reads.
      keyGenerator: (request) => `${rateCategory(request)}:${request.actor.kind === 'anonymous' ? `ip:${request.ip}` : request.actor.label}`,
      max: (request) => limits[`${rateCategory(request)}PerMinute`],
      errorResponseBuilder: (_request, context) => new SamoohError('RATE_LIMITED', { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Samooh API',
        version: '0.1.0',
        description:
          'Samooh back office for direct-selling companies. Money is in integer minor units (paise); volumes (QV, CV) are exact to two decimals. ' +
          'Errors are `{ "error": { "code", "message", "details" } }` with stable codes; send Accept-Language: hi for Hindi messages. ' +
          'Sign in with POST /api/auth/sign-in (a session cookie; send its X-CSRF-Token with every change) or send an integration token as `Authorization: Bearer <token>`.',
      },
      tags: [
        { name: 'system', description: 'Health and metadata' },
        { name: 'accounts', description: 'Sign-in, sessions, accounts and integration tokens' },
        { name: 'members', description: 'Distributors and customers, the sponsor and placement trees' },
        { name: 'products', description: 'The product catalogue with prices and volumes' },
        { name: 'orders', description: 'Orders, idempotent creation and refunds' },
        { name: 'periods', description: 'Pay periods' },
        { name: 'commissions', description: 'Plan versions, commission runs, statements and wallets' },
        { name: 'payouts', description: 'Payout holds, batches, bank files and settlement' },
        { name: 'plan lab', description: 'The plan linter, what-if reruns of committed periods and forward simulations' },
        { name: 'tax', description: 'GST settings, tax invoices, credit notes and the monthly GST summary' },
        { name: 'webhooks', description: 'Outbound webhooks: subscriptions, delivery log, replay' },
        { name: 'compliance', description: 'Income disclosure, compliance monitors and flags, compliance holds, the India checklist' },
        { name: 'community', description: 'Notifications, announcements, messages, events, recognition, training and product feedback' },
        { name: 'reports', description: 'Company reports: self-reliance, retention cohorts, product feedback' },
        { name: 'fulfilment', description: 'Warehouses, stock, fulfilment states, pick lists, packing slips and carrier files' },
        { name: 'autoship', description: 'Recurring orders placed on a day of the month' },
        { name: 'shop', description: "A distributor's public shop: products, checkout, and recording a shop order's payment" },
        { name: 'audit', description: 'The audit trail: who changed what, when and why' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(healthRoutes(options.database), { prefix: '/api' });
  await app.register(authRoutes(options.database.db, { ...auth, logResetTokens: options.logResetTokens ?? false }), { prefix: '/api' });
  await app.register(accountRoutes(options.database.db), { prefix: '/api' });
  await app.register(memberRoutes(options.database.db), { prefix: '/api' });
  await app.register(networkRoutes(options.database.db), { prefix: '/api' });
  await app.register(productRoutes(options.database.db), { prefix: '/api' });
  await app.register(orderRoutes(options.database.db), { prefix: '/api' });
  await app.register(periodRoutes(options.database.db), { prefix: '/api' });
  await app.register(commissionRoutes(options.database), { prefix: '/api' });
  await app.register(payoutRoutes(options.database.db), { prefix: '/api' });
  await app.register(planLabRoutes(options.database), { prefix: '/api' });
  await app.register(taxRoutes(options.database.db), { prefix: '/api' });
  await app.register(webhookRoutes(options.database.db), { prefix: '/api' });
  await app.register(storefrontRoutes(options.database.db), { prefix: '/api' });
  await app.register(complianceRoutes(options.database.db), { prefix: '/api' });
  if (options.webRoot) {
    await app.register(fastifyStatic, {
      root: options.webRoot,
      wildcard: false,
      // The build writes .br and .gz copies of its text files (packages/web/scripts/precompress.mjs): sent as they are.
      preCompressed: true,
      // Built files carry a content hash in their name: cached for good. The page itself is always asked again.
      setHeaders: (response, path) => response.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    // Browsers ask for /favicon.ico on pages without an icon link (the API's JSON, its docs): point them at the app's icon.
    app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) => reply.redirect('/favicon.svg', 301));
  } else {
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/api/docs'));
  }
  await app.register(notificationRoutes(options.database.db), { prefix: '/api' });
  await app.register(announcementRoutes(options.database.db), { prefix: '/api' });
  await app.register(eventRoutes(options.database.db), { prefix: '/api' });
  await app.register(reportRoutes(options.database.db), { prefix: '/api' });
  await app.register(trainingRoutes(options.database.db, { maxFileBytes: options.trainingFileMaxBytes }), { prefix: '/api' });
  await app.register(fulfilmentRoutes(options.database.db), { prefix: '/api' });
  await app.register(autoshipRoutes(options.database.db), { prefix: '/api' });
  await app.register(shopRoutes(options.database.db), { prefix: '/api' });
  await app.register(auditRoutes(options.database.db), { prefix: '/api' });
  return app;
}

/**
 * With the web app served: a GET for a page of the app (any path outside /api that is not a
 * file, e.g. /wallet or /s/SM100042) gets its index.html, and the app's router takes it from
 * there. Everything else is the API's 404.
 */
function appShellOr404(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '';
  const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api' && !/\.[a-z0-9]+$/i.test(path);
  if (!isPage) return replyNotFound(request, reply);
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}

export type App = Awaited<ReturnType<typeof buildApp>>;
