import type { Command } from 'commander';
import { withDatabase } from '../with-database.ts';

export function registerDb(program: Command): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply the schema migrations not yet applied')
    .action(async () => {
      const applied = await withDatabase(async (_handle, migrationsApplied) => migrationsApplied);
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    });
}
