import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connection.ts';
import { replyNotFound, replyWithError } from './error-reply.ts';
import { refuseNul } from './refuse-nul.ts';
import { commissionRoutes } from './routes/commissions.ts';
import { healthRoutes } from './routes/health.ts';
import { memberRoutes } from './routes/members.ts';
import { networkRoutes } from './routes/network.ts';
import { orderRoutes } from './routes/orders.ts';
import { payoutRoutes } from './routes/payouts.ts';
import { periodRoutes } from './routes/periods.ts';
import { productRoutes } from './routes/products.ts';

export interface AppOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}


/** Builds the HTTP application: thin routes over the services, one error shape, an OpenAPI 3.1 document. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler(replyNotFound);
  // The API speaks JSON only; plain text bodies are refused with 415 rather than half-validated.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', refuseNul);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Samooh API',
        version: '0.1.0',
        description:
          'Samooh back office for direct-selling companies. Money is in integer minor units (paise); volumes (QV, CV) are exact to two decimals. ' +
          'Errors are `{ "error": { "code", "message", "details" } }` with stable codes; send Accept-Language: hi for Hindi messages.',
      },
      tags: [
        { name: 'system', description: 'Health and metadata' },
        { name: 'members', description: 'Distributors and customers, the sponsor and placement trees' },
        { name: 'products', description: 'The product catalogue with prices and volumes' },
        { name: 'orders', description: 'Orders, idempotent creation and refunds' },
        { name: 'periods', description: 'Pay periods' },
        { name: 'commissions', description: 'Plan versions, commission runs, statements and wallets' },
        { name: 'payouts', description: 'Payout holds, batches, bank files and settlement' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(healthRoutes(options.database), { prefix: '/api' });
  await app.register(memberRoutes(options.database.db), { prefix: '/api' });
  await app.register(networkRoutes(options.database.db), { prefix: '/api' });
  await app.register(productRoutes(options.database.db), { prefix: '/api' });
  await app.register(orderRoutes(options.database.db), { prefix: '/api' });
  await app.register(periodRoutes(options.database.db), { prefix: '/api' });
  await app.register(commissionRoutes(options.database), { prefix: '/api' });
  await app.register(payoutRoutes(options.database.db), { prefix: '/api' });
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/api/docs'));
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
