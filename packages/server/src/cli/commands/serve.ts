import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { integerOption } from '../options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the Samooh server (embedded PGlite in ./data, or PostgreSQL when DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)', integerOption(0, 65535))
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--seed-demo', 'on an empty database, create the demo company first')
    .action(async (options: { port?: number; host?: string; seedDemo?: boolean }) => {
      const { readConfig } = await import('../../config.ts');
      const { openDatabase } = await import('../../db/open-database.ts');
      const { buildApp } = await import('../../http/app.ts');
      const { DEFAULT_SESSION_SETTINGS } = await import('../../services/auth/sessions.ts');
      const { createLogger } = await import('../../logger.ts');
      const { createFirstOwnerIfNone, seedDemoIfEmpty } = await import('../seed-if-empty.ts');
      const config = readConfig();
      const logger = createLogger({ level: config.logLevel, pretty: !config.production && process.stdout.isTTY });
      const { handle, applied } = await openDatabase(config);
      logger.info({ database: handle.driver, where: config.databaseUrl ? 'DATABASE_URL' : config.dataDir, migrationsApplied: applied }, 'database ready');
      // The first owner before the demo company, whose distributor account is not the first account.
      if (!config.production) await createFirstOwnerIfNone(handle, logger);
      if (options.seedDemo) await seedDemoIfEmpty(handle, logger);
      const { Projector } = await import('../../services/projections/projector.ts');
      const projector = new Projector(handle, logger, { refreshEveryMs: config.projectionRefreshMinutes * 60_000 });
      projector.start();
      // Background jobs: webhook deliveries, notifications, and autoship sweeps (hourly) with the batches they enqueue.
      const { JobWorker } = await import('../../jobs/worker.ts');
      const { webhookJobHandlers } = await import('../../services/webhooks/deliver-webhook.ts');
      const { notificationJobHandlers } = await import('../../services/notifications/deliver-notifications.ts');
      const { configuredTransports } = await import('../../services/notifications/configured-transports.ts');
      const { autoshipJobHandlers, scheduleAutoshipSweep } = await import('../../services/autoship/run-autoships.ts');
      const { SYSTEM_ACTOR } = await import('../../services/context.ts');
      await scheduleAutoshipSweep({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: logger });
      // Enrollments a stopped or crashed process left uncounted: counted now, not at the next enrollment
      // (until then every team read would add them up itself).
      const { scheduleGenealogyDrain } = await import('../../services/network/genealogy-drain.ts');
      scheduleGenealogyDrain({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: logger });
      const transports = configuredTransports(config, logger);
      const worker = new JobWorker({ db: handle.db, log: logger, handlers: { ...webhookJobHandlers(), ...notificationJobHandlers(transports), ...autoshipJobHandlers } });
      worker.start();
      const app = await buildApp({
        database: handle,
        logger,
        auth: { secureCookies: config.secureCookies, session: { ...DEFAULT_SESSION_SETTINGS, ttlHours: config.sessionHours, idleMinutes: config.sessionIdleMinutes } },
        logResetTokens: !config.production,
        rateLimit: config.rateLimit,
        webRoot: builtWebApp(logger),
      });
      const port = options.port ?? config.port;
      const host = options.host ?? config.host;
      await app.listen({ port, host });
      logger.info(`Samooh is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}  (API reference: /api/docs)`);

      const stop = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await app.close();
        await worker.stop();
        await projector.stop();
        await worker.stop();
        transports.email.close?.();
        await handle.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}

/** The built web app (packages/web/dist, made by `npm run build:web`, which `npm start` runs first), or null to serve the API alone. */
function builtWebApp(logger: Logger): string | null {
  const root = process.env.SAMOOH_WEB_DIR || fileURLToPath(new URL('../../../../web/dist', import.meta.url));
  if (existsSync(`${root}/index.html`)) return root;
  logger.warn({ root }, 'the web app is not built (npm run build:web): serving the API only');
  return null;
}
