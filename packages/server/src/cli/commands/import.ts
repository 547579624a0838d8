import type { Command } from 'commander';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { ImportProgress } from '../../services/imports/stage-file.ts';
import { progressBar } from '../progress.ts';

type Importer = (handle: DatabaseHandle, file: string, onProgress: ImportProgress) => Promise<string>;

/** Each importer loads its module only when used, so the command starts fast. */
const IMPORTERS: Record<string, Importer> = {
  members: async (...args) => `${(await (await import('../../services/imports/import-members.ts')).importMembers(...args)).imported} members`,
  products: async (...args) => `${(await (await import('../../services/imports/import-products.ts')).importProducts(...args)).imported} products`,
  orders: async (...args) => {
    const result = await (await import('../../services/imports/import-orders.ts')).importOrders(...args);
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
      const importer = IMPORTERS[kind];
      if (!importer) throw new Error(`cannot import "${kind}": choose members, products or orders`);
      const { readConfig } = await import('../../config.ts');
      const { openDatabase } = await import('../../db/open-database.ts');
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
