/** Streams pcapng blocks to a file through one reusable buffer, so memory stays flat however long the capture. */
import type { FileHandle } from 'node:fs/promises';

export class BlockSink {
  private readonly buf: Uint8Array;
  private used = 0;
  written = 0;

  constructor(
    private readonly fh: FileHandle,
    size = 4 << 20,
  ) {
    this.buf = new Uint8Array(size);
  }

  async write(block: Uint8Array): Promise<void> {
    if (this.used + block.length > this.buf.length) await this.flush();
    if (block.length > this.buf.length) {
      await this.writeAll(block);
      return;
    }
    this.buf.set(block, this.used);
    this.used += block.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.writeAll(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let off = 0;
    while (off < bytes.length) {
      const { bytesWritten } = await this.fh.write(bytes, off, bytes.length - off);
      off += bytesWritten;
    }
    this.written += bytes.length;
  }
}
