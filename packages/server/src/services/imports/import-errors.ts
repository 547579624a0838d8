/** One problem in an import file, located by line and column. */
export interface RowError {
  line: number;
  column: string;
  reason: string;
}

/**
 * An import that wrote nothing because its file has problems: every bad row
 * is listed, sorted by line, so the whole file can be fixed in one go.
 */
export class ImportRejected extends Error {
  /** The refusal's code, as SamoohError's codes are named (the CLI prints it with the report). */
  readonly code = 'IMPORT_REJECTED';
  /** Sorted by line, then column. */
  readonly errors: RowError[];

  constructor(
    readonly file: string,
    errors: RowError[],
  ) {
    super(`${file}: ${errors.length} problem(s); nothing was imported`);
    this.name = 'ImportRejected';
    this.errors = [...errors].sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
  }

  get report(): string {
    const lines = this.errors.map((error) => `  line ${error.line}, column ${error.column}: ${error.reason}`);
    return [`samooh import: ${this.file} has ${this.errors.length} problem(s); nothing was imported.`, ...lines].join('\n');
  }
}

/** Collects row errors while a file streams past. */
export class RowErrors {
  readonly list: RowError[] = [];

  add(line: number, column: string, reason: string): void {
    this.list.push({ line, column, reason });
  }

  addAll(errors: RowError[]): void {
    for (const error of errors) this.list.push(error);
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(file: string): void {
    if (this.list.length > 0) throw new ImportRejected(file, this.list);
  }
}
