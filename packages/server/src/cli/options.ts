import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number within bounds. */
export function integerOption(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return number;
  };
}

export function dateOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}
