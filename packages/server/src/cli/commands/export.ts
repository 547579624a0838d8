import type { Command } from 'commander';
import { withDatabase } from '../with-database.ts';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export members, or the orders of a period, as CSV in the import format')
    .argument('<kind>', 'members | orders')
    .argument('<file>', 'CSV file to write')
    .option('--period <period>', 'for orders: the period id or its month, e.g. 2026-11')
    .option('--include-kyc', 'for members: write PAN and bank account unmasked')
    .action(async (kind: string, file: string, options: { period?: string; includeKyc?: boolean }) => {
      if (kind !== 'members' && kind !== 'orders') throw new Error(`cannot export "${kind}": choose members or orders`);
      if (kind === 'orders' && !options.period) throw new Error('export orders needs --period (an id or a month such as 2026-11)');
      const { exportMembers } = await import('../../services/exports/export-members.ts');
      const { exportOrders } = await import('../../services/exports/export-orders.ts');
      await withDatabase(async (handle) => {
        if (kind === 'members') {
          const result = await exportMembers(handle.db, file, { includeKyc: options.includeKyc ?? false });
          console.log(`Exported ${result.written} members to ${file}.`);
        } else {
          const result = await exportOrders(handle.db, options.period!, file);
          console.log(`Exported ${result.written} order lines of ${result.period.start} to ${result.period.end} to ${file}.`);
        }
      });
    });
}
