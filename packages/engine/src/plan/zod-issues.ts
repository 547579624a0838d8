/** Turns zod issues into engine issues whose messages say what was expected and what came. */
import type { z } from 'zod';
import { formatPath, type InputIssue } from '../errors.ts';

export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): InputIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: describeZodIssue(issue) }));
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      // A schema's own message ("expected a percentage ...") beats zod's type name.
      const expected = issue.message.startsWith('expected ') ? issue.message : `expected ${issue.expected}`;
      return issue.input === undefined ? `required: ${expected}` : `${expected}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${String(issue.minimum)} item(s)`
        : `expected ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}, got ${describeValue(issue.input)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${String(issue.maximum)} item(s)`
        : `expected at most ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
    case 'invalid_format':
      if (issue.format === 'date') return `expected a date YYYY-MM-DD, got ${describeValue(issue.input)}`;
      return `${issue.message}, got ${describeValue(issue.input)}`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}
