import type { Command } from 'commander';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { ImportProgress } from '../../services/imports/stage-file.ts';
import { withDatabaseAndProgress } from '../with-database.ts';

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
      const { result, seconds } = await withDatabaseAndProgress(`Importing ${kind}`, (handle, onProgress) => importer(handle, file, onProgress));
      console.log(`Imported ${result} from ${file} in ${seconds} s.`);
    });
}
