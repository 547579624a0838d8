import { readFile } from 'node:fs/promises';
import type { EngineInputError } from '@samooh/engine';
import type { Command } from 'commander';

/** Formats an engine input error as the CLI shows it: one line per issue, with its path. */
export function formatEngineError(error: EngineInputError, file: string): string {
  const lines = error.issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}${issue.ids?.length ? ` [${issue.ids.join(', ')}]` : ''}`);
  return [`samooh calc: ${error.code} in ${file}`, ...lines].join('\n');
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function registerCalc(program: Command): void {
  program
    .command('calc')
    .description('Calculate a period from a plan and a scenario, without a database, and print the result as JSON')
    .requiredOption('--plan <file>', 'plan document (YAML or JSON)')
    .requiredOption('--scenario <file>', 'scenario (JSON): period, members, orders, carry, history')
    .option('--explain <member>', "print one member's volumes, rank and lines with their explanations instead")
    .action(async (options: { plan: string; scenario: string; explain?: string }) => {
      const { calculate, EngineInputError, explainMember, parsePlan, parseScenario } = await import('@samooh/engine');
      const planText = await readText(options.plan, 'plan');
      const scenarioText = await readText(options.scenario, 'scenario');
      let scenarioJson: unknown;
      try {
        scenarioJson = JSON.parse(scenarioText);
      } catch (error) {
        throw new Error(`the scenario file ${options.scenario} is not valid JSON: ${(error as Error).message}`);
      }
      let plan;
      let scenario;
      try {
        plan = parsePlan(planText);
      } catch (error) {
        if (error instanceof EngineInputError) throw Object.assign(new Error(error.message), { report: formatEngineError(error, options.plan) });
        throw error;
      }
      try {
        scenario = parseScenario(scenarioJson);
      } catch (error) {
        if (error instanceof EngineInputError) throw Object.assign(new Error(error.message), { report: formatEngineError(error, options.scenario) });
        throw error;
      }
      const result = calculate(plan, scenario);
      const output = options.explain ? explainMember(plan, scenario, result, options.explain) : result;
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    });
}
