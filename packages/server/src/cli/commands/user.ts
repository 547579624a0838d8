import type { Command } from 'commander';
import { withDatabase } from '../with-database.ts';

export function registerUser(program: Command): void {
  const user = program.command('user').description('Accounts');
  user
    .command('create-owner')
    .description('Create an owner account (or make an existing staff account an owner), with SAMOOH_OWNER_PASSWORD or a printed one-time password')
    .requiredOption('--email <email>', 'the owner’s email address')
    .option('--name <name>', 'the owner’s name')
    .action(async (options: { email: string; name?: string }) => {
      const { createOwner } = await import('../../services/auth/users.ts');
      const { SYSTEM_ACTOR } = await import('../../services/context.ts');
      const { createLogger } = await import('../../logger.ts');
      const log = createLogger({ level: 'warn' });
      // A password from the environment, never from the command line (it would sit in shell history and ps).
      const password = process.env.SAMOOH_OWNER_PASSWORD || undefined;
      const created = await withDatabase((handle) =>
        createOwner({ db: handle.db, actor: { ...SYSTEM_ACTOR, label: 'cli' }, language: 'en', log }, { email: options.email, password, name: options.name }),
      );
      console.log(`Owner ${created.user.email} (account ${created.user.id}) is ready.`);
      if (created.generated) console.log(`One-time password: ${created.password}\nSign in and change it (POST /api/auth/password); it is not shown again.`);
    });
}
