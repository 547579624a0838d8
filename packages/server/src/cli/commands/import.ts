import type { Command } from 'commander';
import { readConfig } from '../../config.ts';
import { openDatabase } from '../../db/open-database.ts';
import { importMembers } from '../../services/imports/import-members.ts';
import { importOrders } from '../../services/imports/import-orders.ts';
import { importProducts } from '../../services/imports/import-products.ts';
import { progressBar } from '../progress.ts';

const IMPORTERS = {
  members: async (...args: Parameters<typeof importMembers>) => `${(await importMembers(...args)).imported} members`,
  products: async (...args: Parameters<typeof importProducts>) => `${(await importProducts(...args)).imported} products`,
  orders: async (...args: Parameters<typeof importOrders>) => {
    const result = await importOrders(...args);
    return `${result.orders} orders with ${result.lines} lines`;
  },
};

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import a CSV file, all or nothing: a file with bad rows lists every one of them and writes nothing')
    .argument('<kind>', 'members | products | orders')
    .argument('<file>', 'CSV file with a header row')
    .action(async (kind: string, file: string) => {
      const importer = IMPORTERS[kind as keyof typeof IMPORTERS];
      if (!importer) throw new Error(`cannot import "${kind}": choose members, products or orders`);
      const { handle } = await openDatabase(readConfig());
      const progress = progressBar(`Importing ${kind}`);
      const started = Date.now();
      try {
        const summary = await importer(handle, file, (done, total, stage) => progress.update(done, total, stage));
        progress.stop();
        console.log(`Imported ${summary} from ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      } finally {
        progress.stop();
        await handle.close();
      }
    });
}
