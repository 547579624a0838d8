/**
 * COPY's binary format (PostgreSQL's own, read by PGlite too): a fixed header,
 * then per row a 16-bit field count and per field a 32-bit length (-1 for
 * null) followed by the value in the type's send format, big-endian; a count
 * of -1 ends the data. Integers need no parsing on either side, so tens of
 * millions of rows cost a few machine words each instead of digits written
 * and read back. Only the types written here are supported: int2, int4, int8
 * and text (bytes encoded once by the caller, e.g. per distinct value).
 */

/** "PGCOPY\n\377\r\n\0", no flags, no header extension. */
export const COPY_BINARY_HEADER: Uint8Array = Uint8Array.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
export const COPY_BINARY_TRAILER: Uint8Array = Uint8Array.from([0xff, 0xff]);

const TWO_32 = 2 ** 32;
/** Bytes of the largest fixed-size field: its length and an int8. */
const FIELD_ROOM = 12;

/**
 * Writes rows in COPY binary format into buffers of about `size` bytes, each
 * ending at a row's end. Start each row with `row(fields)`, which makes room
 * for that many fixed-size fields (only text checks for more), then write its
 * fields in column order; `full()` says when the rows written should be taken
 * (`take()`) and sent. Every value is checked to fit its column: a value that
 * does not is refused, never written wrapped.
 */
export class BinaryCopyWriter {
  private buffer!: Uint8Array;
  private view!: DataView;
  private at = 0;
  /** The room `row` made for the current row's fields. */
  private rowRoom = 0;

  constructor(private readonly size = 1 << 20) {
    this.use(Buffer.allocUnsafe(size + 4096));
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): void {
    this.rowRoom = 2 + fields * FIELD_ROOM;
    this.room(this.rowRoom);
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }

  null(): void {
    this.view.setInt32(this.at, -1);
    this.at += 4;
  }

  /** A bigint column: any safe integer. */
  int8(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`an int8 column cannot hold ${value}`);
    const high = Math.floor(value / TWO_32);
    this.view.setInt32(this.at, 8);
    this.view.setInt32(this.at + 4, high);
    this.view.setUint32(this.at + 8, value - high * TWO_32);
    this.at += 12;
  }

  /** An integer column. */
  int4(value: number): void {
    if ((value | 0) !== value) throw new RangeError(`an int4 column cannot hold ${value}`);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
  }

  /** A smallint column. */
  int2(value: number): void {
    if ((value << 16) >> 16 !== value) throw new RangeError(`an int2 column cannot hold ${value}`);
    this.view.setInt32(this.at, 2);
    this.view.setInt16(this.at + 4, value);
    this.at += 6;
  }

  /** An int8 column that may be null (null or undefined). */
  int8OrNull(value: number | null | undefined): void {
    if (value === null || value === undefined) this.null();
    else this.int8(value);
  }

  /** An int2 column that may be null (null or undefined). */
  int2OrNull(value: number | null | undefined): void {
    if (value === null || value === undefined) this.null();
    else this.int2(value);
  }

  /** A text column that may be null. */
  bytesOrNull(encoded: Uint8Array | null): void {
    if (encoded === null) this.null();
    else this.bytes(encoded);
  }

  /** A text column, its UTF-8 bytes encoded by the caller (see textBytes). */
  bytes(encoded: Uint8Array): void {
    // Room for the text and, as before it, for the fixed-size fields still to come.
    this.room(4 + encoded.length + this.rowRoom);
    this.view.setInt32(this.at, encoded.length);
    this.buffer.set(encoded, this.at + 4);
    this.at += 4 + encoded.length;
  }

  /** Whether the rows written make a chunk worth sending. */
  full(): boolean {
    return this.at >= this.size;
  }

  /** The rows written since the last take (a fresh buffer is used from here on). */
  take(): Uint8Array {
    const taken = this.buffer.subarray(0, this.at);
    this.use(Buffer.allocUnsafe(this.size + 4096));
    this.at = 0;
    return taken;
  }

  /** Grows the buffer when a field would not fit (a long text). */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    bigger.set(this.buffer.subarray(0, this.at));
    this.use(bigger);
  }

  /** Writes go to `buffer` from here on: not zeroed, since every byte sent is written first. */
  private use(buffer: Uint8Array): void {
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
}

const encoder = new TextEncoder();

/** A text value's bytes, for BinaryCopyWriter.bytes. */
export function textBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Text bytes kept once per distinct value: columns such as a bonus id or a
 * rate repeat a few values over millions of rows.
 */
export class TextBytesCache {
  private readonly cache = new Map<string, Uint8Array>();

  of(text: string): Uint8Array {
    let bytes = this.cache.get(text);
    if (bytes === undefined) {
      bytes = textBytes(text);
      if (this.cache.size < 4096) this.cache.set(text, bytes);
    }
    return bytes;
  }
}

/**
 * The whole COPY binary stream: the header, the chunks `write` produces, the
 * trailer. `write` is handed the writer and yields whenever `full()` (the
 * chunk is then sent before it goes on).
 */
export function* binaryCopy(write: (writer: BinaryCopyWriter) => Generator<void>, size = 1 << 20): Generator<Uint8Array> {
  yield COPY_BINARY_HEADER;
  const writer = new BinaryCopyWriter(size);
  for (const _ of write(writer)) {
    if (writer.full()) yield writer.take();
  }
  const rest = writer.take();
  if (rest.length > 0) yield rest;
  yield COPY_BINARY_TRAILER;
}
