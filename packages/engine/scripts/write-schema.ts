/** Writes docs/plan.schema.json from the plan's zod schema: `npm run -w @samooh/engine schema`. */
import { writeFileSync } from 'node:fs';
import { planJsonSchema } from '../src/index.ts';
import { PLAN_SCHEMA_PATH, formatSchemaFile } from './schema-file.ts';

writeFileSync(PLAN_SCHEMA_PATH, formatSchemaFile(planJsonSchema()));
console.log(`wrote ${PLAN_SCHEMA_PATH}`);
