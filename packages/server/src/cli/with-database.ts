import type { DatabaseHandle } from '../db/connection.ts';
import { progressBar } from './progress.ts';

/** Opens the configured database (migrating it first), runs fn, and always closes it again. */
export async function withDatabase<T>(fn: (handle: DatabaseHandle, migrationsApplied: string[]) => Promise<T>): Promise<T> {
  // Loaded on use, so commands that need no database start fast.
  const { readConfig } = await import('../config.ts');
  const { openDatabase } = await import('../db/open-database.ts');
  const { handle, applied } = await openDatabase(readConfig());
  try {
    return await fn(handle, applied);
  } finally {
    await handle.close();
  }
}

/**
 * withDatabase for long work that reports progress: the bar is stopped before
 * the result comes back (so a summary prints on a clean line) and on failure.
 */
export async function withDatabaseAndProgress<T>(
  label: string,
  fn: (handle: DatabaseHandle, onProgress: (done: number, total: number, stage: string) => void) => Promise<T>,
): Promise<{ result: T; seconds: string }> {
  return withDatabase(async (handle) => {
    const progress = progressBar(label);
    const started = Date.now();
    try {
      const result = await fn(handle, (done, total, stage) => progress.update(done, total, stage));
      return { result, seconds: ((Date.now() - started) / 1000).toFixed(1) };
    } finally {
      progress.stop();
    }
  });
}
