import type { Command } from 'commander';
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
      if (options.seedDemo) await seedDemoIfEmpty(handle, logger);
      const { Projector } = await import('../../services/projections/projector.ts');
      const projector = new Projector(handle, logger, { refreshEveryMs: config.projectionRefreshMinutes * 60_000 });
      projector.start();
      // Background jobs: autoship sweeps (hourly) and the batches they enqueue.
      const { JobWorker } = await import('../../jobs/worker.ts');
      const { autoshipJobHandlers, scheduleAutoshipSweep } = await import('../../services/autoship/run-autoships.ts');
      const { SYSTEM_ACTOR } = await import('../../services/context.ts');
      await scheduleAutoshipSweep({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: logger });
      const worker = new JobWorker({ db: handle.db, log: logger, handlers: { ...autoshipJobHandlers } });
      worker.start();
      if (!config.production) await createFirstOwnerIfNone(handle, logger);
      const app = await buildApp({
        database: handle,
        logger,
        auth: { secureCookies: config.secureCookies, session: { ...DEFAULT_SESSION_SETTINGS, ttlHours: config.sessionHours, idleMinutes: config.sessionIdleMinutes } },
        logResetTokens: !config.production,
        rateLimit: config.rateLimit,
      });
      const port = options.port ?? config.port;
      const host = options.host ?? config.host;
      await app.listen({ port, host });
      logger.info(`Samooh is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}  (API reference: /api/docs)`);

      const stop = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await app.close();
        await projector.stop();
        await worker.stop();
        await handle.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
