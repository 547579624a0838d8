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
  constructor(
    readonly file: string,
    readonly errors: RowError[],
  ) {
    super(`${file}: ${errors.length} problem(s); nothing was imported`);
    this.name = 'ImportRejected';
  }

  get report(): string {
    const sorted = [...this.errors].sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
    const lines = sorted.map((error) => `  line ${error.line}, column ${error.column}: ${error.reason}`);
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
