import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = new URL('../../bin/samooh.js', import.meta.url).pathname;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real samooh command in a child process with the given environment. */
export async function runSamooh(env: NodeJS.ProcessEnv, args: string[], timeout = 120_000): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as CommandResult;
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}
