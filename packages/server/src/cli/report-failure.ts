import { SamoohError } from '../errors.ts';
import { translate } from '../i18n/i18n.ts';

/** A CLI error as one clear message on stderr; returns the exit code. */
export function reportFailure(error: unknown): number {
  if (error instanceof SamoohError) {
    process.stderr.write(`samooh: ${error.code}: ${translate('en', `errors.${error.code}`, error.params)}\n`);
    return 1;
  }
  if (error instanceof Error && 'report' in error && typeof error.report === 'string') {
    process.stderr.write(`${error.report}\n`);
    return 1;
  }
  process.stderr.write(`samooh: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
