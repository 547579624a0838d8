/**
 * Scratch memory a caller may keep between calculations.
 *
 * A large typed array is fresh pages for the operating system, and every page costs a fault
 * the first time it is written: on some virtual machines that is ~4 s per GiB, a quarter of
 * a million-member calculation. A server that recalculates every few minutes keeps one
 * workspace and hands the same pages to each calculation instead.
 *
 * A workspace serves one calculation at a time, and the calculation lives in it: its volumes,
 * ranks and totals are the workspace's arrays, so read what you need (outcomes, lines) before
 * the workspace serves the next one. Streaming the lines of a calculation whose workspace has
 * moved on throws.
 */
/** Where a calculation's large arrays come from: each key names one array of one calculation. Arrays come zeroed. */
export interface Memory {
  int32(key: string, length: number): Int32Array<ArrayBuffer>;
  float64(key: string, length: number): Float64Array<ArrayBuffer>;
  uint8(key: string, length: number): Uint8Array<ArrayBuffer>;
}

/** New arrays every time (what a calculation without a workspace uses). */
export const FRESH_MEMORY: Memory = {
  int32: (_key, length) => new Int32Array(length),
  float64: (_key, length) => new Float64Array(length),
  uint8: (_key, length) => new Uint8Array(length),
};

export class EngineWorkspace implements Memory {
  private readonly buffers = new Map<string, ArrayBuffer>();
  /** Names lent to the calculation served now: one name is one array. */
  private readonly lent = new Set<string>();
  private served = 0;

  /** Starts serving a calculation; returns its ticket. What the previous one held is now the new one's. */
  begin(): number {
    this.served += 1;
    this.lent.clear();
    return this.served;
  }

  /** The ticket of the calculation served now. */
  get ticket(): number {
    return this.served;
  }

  /** Whether the calculation holding this ticket is still the one served. */
  isCurrent(ticket: number): boolean {
    return ticket === this.served;
  }

  int32(key: string, length: number): Int32Array<ArrayBuffer> {
    return new Int32Array(this.buffer(key, length * Int32Array.BYTES_PER_ELEMENT), 0, length).fill(0);
  }

  float64(key: string, length: number): Float64Array<ArrayBuffer> {
    return new Float64Array(this.buffer(key, length * Float64Array.BYTES_PER_ELEMENT), 0, length).fill(0);
  }

  uint8(key: string, length: number): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.buffer(key, length), 0, length).fill(0);
  }

  /** Bytes held, for reports. */
  get byteLength(): number {
    let bytes = 0;
    for (const buffer of this.buffers.values()) bytes += buffer.byteLength;
    return bytes;
  }

  private buffer(key: string, bytes: number): ArrayBuffer {
    // Two arrays of one calculation under one name would overwrite each other.
    if (this.lent.has(key)) throw new Error(`engine workspace: "${key}" is already lent to this calculation`);
    this.lent.add(key);
    const held = this.buffers.get(key);
    if (held && held.byteLength >= bytes) return held;
    const buffer = new ArrayBuffer(bytes);
    this.buffers.set(key, buffer);
    return buffer;
  }
}
