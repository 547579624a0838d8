import type { Command } from 'commander';

export function registerDb(program: Command): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply the schema migrations not yet applied')
    .action(async () => {
      const { readConfig } = await import('../../config.ts');
      const { openDatabase } = await import('../../db/open-database.ts');
      const { handle, applied } = await openDatabase(readConfig());
      await handle.close();
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    });
}
