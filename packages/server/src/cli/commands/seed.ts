import type { Command } from 'commander';
import { dateOption, integerOption } from '../options.ts';
import { progressBar } from '../progress.ts';

export function registerSeed(program: Command): void {
  const seed = program.command('seed').description('Fill an empty database with sample data');
  seed
    .command('demo')
    .description('Create the demo company: products, members in both trees, and months of orders with some refunds')
    .option('--members <n>', 'number of members', integerOption(2, 20_000_000), 2000)
    .option('--months <m>', 'months of orders, ending with the current month', integerOption(1, 36), 3)
    .option('--seed <s>', 'random seed: the same seed gives the same company', integerOption(0, 2 ** 31 - 1), 42)
    .option('--until <date>', 'last day with orders (default: today in India)', dateOption)
    .action(async (options: { members: number; months: number; seed: number; until?: string }) => {
      const { readConfig } = await import('../../config.ts');
      const { openDatabase } = await import('../../db/open-database.ts');
      const { seedDemo } = await import('../../services/demo/seed-demo.ts');
      const { handle } = await openDatabase(readConfig());
      const progress = progressBar('Seeding');
      const started = Date.now();
      try {
        const result = await seedDemo(handle, { ...options, onProgress: (done, total, stage) => progress.update(done, total, stage) });
        progress.stop();
        console.log(
          `Demo company ready: ${result.members} members, ${result.orders} orders, ${result.refunds} refunds, ${result.periods} periods in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      } finally {
        progress.stop();
        await handle.close();
      }
    });
}
