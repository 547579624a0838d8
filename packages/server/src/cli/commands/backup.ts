import type { Command } from 'commander';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup')
    .description('Back up the database: pg_dump custom format on PostgreSQL; a copy of the data directory for the embedded database (stop the server first)')
    .action(async (file: string) => {
      const { readConfig } = await import('../../config.ts');
      const { backup } = await import('../../db/backup.ts');
      const done = await backup(readConfig(), file);
      console.log(`Backup written to ${file} (${done.kind}, ${done.bytes} bytes).`);
    });
  program
    .command('restore')
    .argument('<file>', 'a backup written by samooh backup')
    .option('--force', 'replace a database that is not empty (an embedded data directory is moved aside, not deleted)')
    .description('Restore a backup into the configured database, which must be empty unless --force')
    .action(async (file: string, options: { force?: boolean }) => {
      const { readConfig } = await import('../../config.ts');
      const { restore } = await import('../../db/backup.ts');
      const done = await restore(readConfig(), file, options);
      console.log(`Restored ${file} (${done.kind}).${done.movedAside ? ` The previous data directory is at ${done.movedAside}.` : ''}`);
    });
}
