import type { Command } from 'commander';
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
