/**
 * The paid chains of the runs of one owner's orders, in the order the runs come. The first
 * pass over the orders records them; later passes (the cap's, writing the lines) replay them
 * and need no pointer jumps up the tree, which are random memory reads and the most
 * expensive part of a pass.
 */

import { FRESH_MEMORY, type Memory } from '../core/workspace.ts';

/** Fills the uplines paid on an order of one owner (payee and level, lowest level first); returns how many. */
export type FillChain = (owner: number, payees: Int32Array, levels: Int32Array) => number;

/** Past this a record grows as it fills rather than reserving its bound up front. */
const MAX_RESERVED_ENTRIES = 2 ** 28;

export class ChainRecord {
  private payees = new Int32Array(1 << 12);
  /** Levels fit a byte: a plan has at most 50. */
  private levels = new Uint8Array(1 << 12);
  private lengths = new Uint8Array(1 << 10);
  private entryCount = 0;
  private runCount = 0;
  private complete = false;

  /** The record keeps its entries in the workspace's memory under `key` (new arrays by default). */
  constructor(private readonly memory: Memory = FRESH_MEMORY, private readonly key = 'chains') {}

  /**
   * The fill for one pass: the walk itself, recorded, on the first pass; a replay on every
   * later one. Given at most how many runs and how long a chain can be, the record is sized
   * once instead of growing (and copying) as it fills; pages it never writes cost nothing.
   */
  pass(walk: FillChain, maxRuns = 0, longest = 0): FillChain {
    if (this.complete) return this.replay();
    this.reserveFor(maxRuns, longest);
    return this.recording(walk);
  }

  /** Marks the first pass done: later passes replay it. */
  finish(): void {
    this.complete = true;
  }

  private recording(walk: FillChain): FillChain {
    this.entryCount = 0;
    this.runCount = 0;
    return (owner, payees, levels) => {
      const length = walk(owner, payees, levels);
      this.reserve(length);
      for (let i = 0; i < length; i += 1) {
        this.payees[this.entryCount] = payees[i]!;
        this.levels[this.entryCount] = levels[i]!;
        this.entryCount += 1;
      }
      this.lengths[this.runCount] = length;
      this.runCount += 1;
      return length;
    };
  }

  /** Each replay has its own cursor, so two streams of the same lines may interleave. */
  private replay(): FillChain {
    let entry = 0;
    let run = 0;
    return (_owner, payees, levels) => {
      const length = this.lengths[run]!;
      run += 1;
      for (let i = 0; i < length; i += 1) {
        payees[i] = this.payees[entry]!;
        levels[i] = this.levels[entry]!;
        entry += 1;
      }
      return length;
    };
  }

  private reserveFor(runs: number, longest: number): void {
    const entries = Math.min(runs * longest, MAX_RESERVED_ENTRIES);
    if (runs > this.lengths.length) this.lengths = this.memory.uint8(`${this.key} lengths`, runs);
    if (entries > this.payees.length) {
      this.payees = this.memory.int32(`${this.key} payees`, entries);
      this.levels = this.memory.uint8(`${this.key} levels`, entries);
    }
  }

  private reserve(length: number): void {
    if (this.runCount === this.lengths.length) this.lengths = grown(this.lengths, this.lengths.length * 2);
    if (this.entryCount + length > this.payees.length) {
      const capacity = Math.max(this.payees.length * 2, this.entryCount + length);
      this.payees = grown(this.payees, capacity);
      this.levels = grown(this.levels, capacity);
    }
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, capacity: number): T {
  const larger = new (array.constructor as new (length: number) => T)(capacity);
  larger.set(array);
  return larger;
}
