import type { Command } from 'commander';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { RequestContext } from '../../services/context.ts';
import { integerOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

const CLI_ACTOR = { kind: 'system', id: null, label: 'cli', roles: ['owner'] } as const;

export function registerPeriod(program: Command): void {
  const period = program.command('period').description('Commission periods');
  period
    .command('calculate <id>')
    .description('Calculate a closed period as a preview run (for a large company, rather than over HTTP)')
    .action(async (id: string) => {
      const periodId = integerOption(1, Number.MAX_SAFE_INTEGER)(id);
      const { calculatePeriod } = await import('../../services/commissions/calculate-period.ts');
      const { getRunView } = await import('../../services/commissions/run-view.ts');
      await withDatabase(async (handle) => {
        const started = Date.now();
        const { runId } = await calculatePeriod(handle, { ...CLI_ACTOR, roles: [...CLI_ACTOR.roles] }, periodId);
        const run = await getRunView(handle.db, runId);
        console.log(JSON.stringify({ run: runId, seconds: (Date.now() - started) / 1000, inputHash: run.inputHash, totals: run.totals }, null, 2));
      });
    });

  // Approving and committing name a person: the four-eyes rule compares users, and the audit log says who.
  for (const [action, description] of [
    ['approve', 'Approve a preview run, as a user other than the one who ran it'],
    ['commit', 'Commit an approved run to the ledger (one transaction: all of it or nothing)'],
  ] as const) {
    period
      .command(`${action} <run>`)
      .description(description)
      .requiredOption('--as <email>', 'the finance, admin or owner user acting')
      .action(async (run: string, options: { as: string }) => {
        const runId = integerOption(1, Number.MAX_SAFE_INTEGER)(run);
        await withDatabase(async (handle) => {
          const ctx = await userContext(handle, options.as);
          const started = Date.now();
          const view = action === 'approve'
            ? await (await import('../../services/commissions/approve-run.ts')).approveRun(ctx, runId)
            : await (await import('../../services/commissions/commit-run.ts')).commitRun(ctx, runId);
          console.log(JSON.stringify({ run: runId, status: view.status, seconds: (Date.now() - started) / 1000 }, null, 2));
        });
      });
  }

  program
    .command('plan')
    .description('Compensation plan versions')
    .command('load <file>')
    .description('Store a plan document (YAML or JSON) as a new version, after validating it')
    .action(async (file: string) => {
      const { readFileSync } = await import('node:fs');
      const { savePlanVersion } = await import('../../services/commissions/plan-versions.ts');
      const { createLogger } = await import('../../logger.ts');
      await withDatabase(async (handle) => {
        const saved = await savePlanVersion({ db: handle.db, actor: { ...CLI_ACTOR, roles: [...CLI_ACTOR.roles] }, language: 'en', log: createLogger({ level: 'silent', pretty: false }) }, readFileSync(file, 'utf8'));
        console.log(`Plan ${saved.plan} version ${saved.version}, in force from ${saved.effectiveFrom}, stored as #${saved.id}.`);
        // The linter's findings are stored with the version; they warn, they do not refuse.
        for (const finding of saved.lint.findings) console.log(`  ${finding.severity}  ${finding.path}  ${finding.code}: ${finding.message}`);
        console.log(`Plan lint: ${saved.lint.errors} error(s), ${saved.lint.warnings} warning(s); theoretical maximum payout ${saved.lint.theoreticalMaxPayout ?? 'unbounded'} of CV.`);
      });
    });
}

/** A request context acting as the named user, refused unless they exist and are enabled. */
async function userContext(handle: DatabaseHandle, email: string): Promise<RequestContext> {
  const { actorOf } = await import('../../services/auth/users.ts');
  const { createLogger } = await import('../../logger.ts');
  const { SamoohError } = await import('../../errors.ts');
  const user = await handle.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.disabled) throw new SamoohError('USER_NOT_FOUND', { user: email });
  return { db: handle.db, actor: actorOf(user), language: 'en', log: createLogger({ level: 'silent', pretty: false }) };
}
