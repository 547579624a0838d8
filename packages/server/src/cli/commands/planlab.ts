import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { integerOption } from '../options.ts';

const CLI_ACTOR = { kind: 'system', id: null, label: 'cli', roles: ['owner'] } as const;

async function cliContext(db: import('../../services/context.ts').Db, language: 'en' | 'hi' = 'en') {
  const { createLogger } = await import('../../logger.ts');
  return { db, actor: { ...CLI_ACTOR, roles: [...CLI_ACTOR.roles] }, language, log: createLogger({ level: 'silent', pretty: false }) };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function percentOption(value: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?%$/.exec(value.trim());
  const ppm = match ? Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0')) : NaN;
  if (!(ppm > 0 && ppm <= 1_000_000)) throw new InvalidArgumentError('expected a percentage above 0% and at most 100%, like "45%"');
  return ppm;
}

function languageOption(value: string): 'en' | 'hi' {
  if (value !== 'en' && value !== 'hi') throw new InvalidArgumentError('expected en or hi');
  return value;
}

/** `plan lint`, `period whatif` and `simulate`: the plan lab on the command line. */
export function registerPlanLab(program: Command): void {
  const plan = program.commands.find((command) => command.name() === 'plan')!;
  plan
    .command('lint <file>')
    .description('Lint a plan document: findings with severity, path and reason, and the theoretical maximum payout. Exits 1 when there is an error')
    .option('--max-payout <percent>', 'warn when the theoretical maximum payout is above this share of CV (default 50%, or the company setting with --catalogue)', percentOption)
    .option('--catalogue', "also check the configured database's starter kits and enrollment items")
    .option('--lang <language>', 'en or hi', languageOption, 'en')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { maxPayout?: number; catalogue?: boolean; lang: 'en' | 'hi'; json?: boolean }) => {
      const { lintPlan } = await import('@samooh/engine');
      const { readPlanDocument } = await import('../../services/commissions/read-plan-document.ts');
      const { lintWithCatalogue, renderLint, storedLint } = await import('../../services/planlab/lint-plan.ts');
      const { plan: parsed } = readPlanDocument(await readText(file, 'plan'));
      let stored;
      if (options.catalogue) {
        const { withDatabase } = await import('../with-database.ts');
        stored = await withDatabase((handle) => lintWithCatalogue(handle.db, parsed, options.maxPayout));
      } else {
        stored = storedLint(lintPlan(parsed, { maxPayoutPpm: options.maxPayout }));
      }
      const view = renderLint(stored, options.lang);
      if (options.json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      else {
        const { translate } = await import('../../i18n/i18n.ts');
        for (const finding of view.findings) console.log(`${translate(options.lang, `lint.severity.${finding.severity}`)}  ${finding.path}  ${finding.code}\n    ${finding.message}`);
        console.log(`theoretical maximum payout: ${view.theoreticalMaxPayout ?? 'unbounded'} of CV (before the cap: ${view.uncappedMaxPayout ?? 'unbounded'}; cap: ${view.cap ?? 'none'}; threshold ${view.threshold})`);
        console.log(`${view.errors} error(s), ${view.warnings} warning(s)`);
      }
      if (view.errors > 0) process.exitCode = 1;
    });

  const period = program.commands.find((command) => command.name() === 'period')!;
  period
    .command('whatif')
    .description('Rerun a committed period with another plan (a draft file or a stored version) without touching the ledger; print old against new')
    .requiredOption('--period <id>', 'the committed period', integerOption(1, Number.MAX_SAFE_INTEGER))
    .option('--plan <file>', 'a draft plan document (YAML or JSON)')
    .option('--plan-version <id>', 'a stored plan version instead', integerOption(1, Number.MAX_SAFE_INTEGER))
    .option('--json', 'print the whole comparison as JSON')
    .action(async (options: { period: number; plan?: string; planVersion?: number; json?: boolean }) => {
      if ((options.plan === undefined) === (options.planVersion === undefined)) throw new Error('give either --plan FILE or --plan-version ID');
      const choice = options.plan !== undefined ? { source: await readText(options.plan, 'plan') } : { planVersionId: options.planVersion! };
      const { withDatabase } = await import('../with-database.ts');
      const { whatIfPeriod } = await import('../../services/planlab/whatif-period.ts');
      const result = await withDatabase(async (handle) => whatIfPeriod(handle, await cliContext(handle.db), options.period, choice));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const money = (minor: number) => (minor / 100).toFixed(2);
      console.log(`Period ${result.period.start} to ${result.period.end}: ${result.before.plan} v${result.before.version} (committed) against ${result.after.plan} v${result.after.version}`);
      console.log(`paid          ${money(result.before.paid).padStart(14)} -> ${money(result.after.paid).padStart(14)}  (${result.change.paid >= 0 ? '+' : ''}${money(result.change.paid)})`);
      console.log(`payout ratio  ${String(result.before.payoutRatio).padStart(14)} -> ${String(result.after.payoutRatio).padStart(14)}`);
      console.log(`cap factor    ${String(result.before.capFactor).padStart(14)} -> ${String(result.after.capFactor).padStart(14)}`);
      for (const [bonus, change] of Object.entries(result.change.byBonus)) console.log(`  ${bonus.padEnd(20)} ${money(result.before.byBonus[bonus] ?? 0).padStart(14)} -> ${money(result.after.byBonus[bonus] ?? 0).padStart(14)}  (${change >= 0 ? '+' : ''}${money(change)})`);
      const m = result.members;
      console.log(`members compared ${m.compared}: ${m.winners} gain, ${m.losers} lose, ${m.unchanged} unchanged`);
      console.log(`change buckets: ${Object.entries(m.buckets).map(([bucket, count]) => `${bucket} ${count}`).join(', ')}`);
      console.log(`change percentiles: p10 ${money(m.changePercentiles.p10)}, p25 ${money(m.changePercentiles.p25)}, median ${money(m.changePercentiles.p50)}, p75 ${money(m.changePercentiles.p75)}, p90 ${money(m.changePercentiles.p90)}`);
      for (const [title, list] of [['top winners', m.topWinners], ['top losers', m.topLosers]] as const) {
        console.log(`${title}:`);
        for (const entry of list) console.log(`  ${entry.code.padEnd(12)} ${entry.name.padEnd(24)} ${money(entry.before).padStart(12)} -> ${money(entry.after).padStart(12)}`);
      }
    });

  program
    .command('simulate')
    .description('Grow a network month by month from assumptions (or from the company\'s history) and run the plan on each month')
    .requiredOption('--plan <file>', 'plan document (YAML or JSON)')
    .option('--assumptions <file>', 'growth and buying assumptions (YAML or JSON; see examples/simulation-assumptions.yaml)')
    .option('--from-history', "measure the assumptions on the configured database's committed periods")
    .requiredOption('--months <n>', 'months to simulate', integerOption(1, 120))
    .requiredOption('--seed <n>', 'random seed: the same seed gives the same months', integerOption(0, 2 ** 31 - 1))
    .option('--start <date>', 'the first month (YYYY-MM-DD); default the plan\'s effective date')
    .option('--max-members <n>', 'stop with an error past this many members', integerOption(1, 50_000_000), 2_000_000)
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (options: { plan: string; assumptions?: string; fromHistory?: boolean; months: number; seed: number; start?: string; maxMembers: number; format: string }) => {
      if ((options.assumptions === undefined) === (options.fromHistory !== true)) throw new Error('give either --assumptions FILE or --from-history');
      if (!['table', 'json', 'csv'].includes(options.format)) throw new Error('--format is table, json or csv');
      const { parse } = await import('yaml');
      const { runSimulation } = await import('../../services/planlab/run-simulation.ts');
      const { simulationCsv, simulationTable } = await import('../../services/planlab/simulation-report.ts');
      const { progressBar } = await import('../progress.ts');
      const source = await readText(options.plan, 'plan');
      let assumptions: unknown;
      if (options.assumptions) {
        try {
          assumptions = parse(await readText(options.assumptions, 'assumptions'));
        } catch (error) {
          throw new Error(`the assumptions file ${options.assumptions} is not YAML or JSON: ${(error as Error).message}`);
        }
      }
      const progress = progressBar('simulate');
      const request = { plan: { source }, assumptions, fromHistory: options.fromHistory, months: options.months, seed: options.seed, start: options.start };
      const run = async (db: import('../../services/context.ts').Db) =>
        runSimulation(await cliContext(db), request, { maxMembers: options.maxMembers, onMonth: (month) => progress.update(month.month, options.months, `month ${month.month}, ${month.members} members`) });
      let result;
      try {
        if (options.fromHistory) {
          const { withDatabase } = await import('../with-database.ts');
          result = await withDatabase((handle) => run(handle.db));
        } else {
          // A plan file and an assumptions file: nothing is read from a database, so none is opened.
          result = await run(null as unknown as import('../../services/context.ts').Db);
        }
      } finally {
        progress.stop();
      }
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (options.format === 'csv') process.stdout.write(simulationCsv(result.months));
      else {
        console.log(`${result.plan.plan} v${result.plan.version}, seed ${result.seed}, assumptions from ${result.source}; money in major units`);
        console.log(simulationTable(result.months));
      }
    });
}
