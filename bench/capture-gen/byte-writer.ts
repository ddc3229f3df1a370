/** A growable big-endian (network order) byte writer, for building DNS and TLS messages. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private n = 0;

  get length(): number {
    return this.n;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.n++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf[this.n++] = (v >>> 8) & 0xff;
    this.buf[this.n++] = v & 0xff;
    return this;
  }

  u24(v: number): this {
    this.ensure(3);
    this.buf[this.n++] = (v >>> 16) & 0xff;
    this.buf[this.n++] = (v >>> 8) & 0xff;
    this.buf[this.n++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.u16(v >>> 16);
    return this.u16(v & 0xffff);
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }

  ascii(s: string): this {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.n++] = s.charCodeAt(i) & 0x7f;
    return this;
  }

  /** Writes a `size`-byte length, then whatever `body` writes, then patches the length. */
  prefixed(size: 1 | 2 | 3, body: (w: this) => void): this {
    const at = this.n;
    this.ensure(size);
    this.n += size;
    body(this);
    const len = this.n - at - size;
    for (let i = 0; i < size; i++) this.buf[at + i] = (len >>> (8 * (size - 1 - i))) & 0xff;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }

  private ensure(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
}
