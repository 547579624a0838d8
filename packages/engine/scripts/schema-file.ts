import { fileURLToPath } from 'node:url';

export const PLAN_SCHEMA_PATH = fileURLToPath(new URL('../../../docs/plan.schema.json', import.meta.url));

export function formatSchemaFile(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
