import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { integerOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

const CLI_ACTOR = { kind: 'system', id: null, label: 'cli', roles: ['owner'] } as const;
const periodId = integerOption(1, Number.MAX_SAFE_INTEGER);

async function cliContext(db: import('../../services/context.ts').Db, language: 'en' | 'hi' = 'en') {
  const { createLogger } = await import('../../logger.ts');
  return { db, actor: { ...CLI_ACTOR, roles: [...CLI_ACTOR.roles] }, language, log: createLogger({ level: 'silent', pretty: false }) };
}

export function registerCompliance(program: Command): void {
  const compliance = program.command('compliance').description('Income disclosure, compliance monitors and the India checklist');

  compliance
    .command('scan')
    .description('Run the compliance monitors over a closed period and store the flags (running it again updates the same flags)')
    .requiredOption('--period <id>', 'the period (id)', periodId)
    .action(async (options: { period: number }) => {
      const { scanPeriod } = await import('../../services/compliance/scan-period.ts');
      await withDatabase(async (handle) => {
        const result = await scanPeriod(await cliContext(handle.db), options.period);
        console.log(JSON.stringify(result, null, 2));
      });
    });

  compliance
    .command('disclosure')
    .description('The income disclosure statement for a range of committed periods')
    .requiredOption('--from <id>', 'first period (id)', periodId)
    .option('--to <id>', 'last period (id); defaults to --from', periodId)
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'html']).default('json'))
    .addOption(new Option('--language <language>', 'language of the CSV and the page').choices(['en', 'hi']).default('en'))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { from: number; to?: number; format: 'json' | 'csv' | 'html'; language: 'en' | 'hi'; out?: string }) => {
      const { incomeDisclosure } = await import('../../services/compliance/income-disclosure.ts');
      const { incomeDisclosureCsv, incomeDisclosureHtml } = await import('../../services/compliance/income-disclosure-render.ts');
      await withDatabase(async (handle) => {
        const ctx = await cliContext(handle.db, options.language);
        const disclosure = await incomeDisclosure(ctx, options.from, options.to ?? options.from);
        const text = options.format === 'csv' ? incomeDisclosureCsv(disclosure, options.language)
          : options.format === 'html' ? incomeDisclosureHtml(disclosure, options.language)
          : `${JSON.stringify(disclosure, null, 2)}\n`;
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
      });
    });

  compliance
    .command('checklist')
    .description('The India direct selling checklist: which checks hold, with evidence')
    .action(async () => {
      const { indiaChecklist } = await import('../../services/compliance/india-checklist.ts');
      await withDatabase(async (handle) => {
        const checklist = await indiaChecklist(await cliContext(handle.db));
        for (const item of checklist.items) console.log(`${item.holds ? '✓' : '✗'} ${item.title}: ${JSON.stringify(item.evidence)}`);
        console.log(`${checklist.holds} of ${checklist.total} hold.`);
        if (checklist.holds < checklist.total) process.exitCode = 2;
      });
    });
}
