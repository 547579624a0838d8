import { Command, CommanderError } from 'commander';
import { registerBackup } from './commands/backup.ts';
import { registerCalc } from './commands/calc.ts';
import { registerCompliance } from './commands/compliance.ts';
import { registerDb } from './commands/db.ts';
import { registerExport } from './commands/export.ts';
import { registerImport } from './commands/import.ts';
import { registerPeriod } from './commands/period.ts';
import { registerPlanLab } from './commands/planlab.ts';
import { registerSeed } from './commands/seed.ts';
import { registerServe } from './commands/serve.ts';
import { registerUser } from './commands/user.ts';
import { reportFailure } from './report-failure.ts';

const program = new Command()
  .name('samooh')
  .description('Samooh: the back office for direct-selling companies')
  .showHelpAfterError()
  .exitOverride();

registerServe(program);
registerDb(program);
registerSeed(program);
registerImport(program);
registerExport(program);
registerCalc(program);
registerPeriod(program);
registerPlanLab(program);
registerCompliance(program);
registerUser(program);
registerBackup(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.exit(reportFailure(error));
}
