/**
 * A fixed buffer that gathers bytes bound for one file, so the capture worker writes it in few large
 * writes instead of one per pipe read. The caller checks `capacity` before `add`; `take` hands the
 * gathered bytes over (a view, valid until the next `add`) and empties the buffer.
 */
export class WriteBuffer {
  private readonly buf: Uint8Array;
  private used = 0;

  constructor(readonly capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  /** Bytes gathered. */
  get length(): number {
    return this.used;
  }

  add(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.capacity) throw new Error(`internal: ${bytes.length} bytes do not fit the write buffer (${this.capacity - this.used} free)`);
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** The gathered bytes, and the buffer is empty again (also if writing them then fails: nothing is written twice). */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.used);
    this.used = 0;
    return out;
  }
}
