import type { Command } from 'commander';
import { dateOption, integerOption } from '../options.ts';
import { withDatabaseAndProgress } from '../with-database.ts';

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
      const { seedDemo } = await import('../../services/demo/seed-demo.ts');
      const { result, seconds } = await withDatabaseAndProgress('Seeding', (handle, onProgress) => seedDemo(handle, { ...options, onProgress }));
      console.log(`Demo company ready: ${result.members} members, ${result.orders} orders, ${result.refunds} refunds, ${result.periods} periods in ${seconds} s.`);
    });
}
