/**
 * The sequential stage of the flow pass: FlowRecords batches, in packet order, go through stream numbering
 * and the conversation tables, then through any further FlowStages (TCP analysis plugs in here). Runs in
 * the engine (after the filter workers extracted the records in parallel) and in tests, the same way.
 */
import { ConversationBuilder } from './conversations';
import { encodeFlowPackets, type FlowRecords } from './flow-record';
import type { FlowPacket } from './flow-packet';
import { StreamNumberer, type BatchStreams } from './streams';

/**
 * A consumer of the sequential stage: sees every batch once, in packet order, with its stream numbers
 * (e.g. core/flow/tcp-analysis.ts reads `r.tcp` per packet and `streams.tcp` for the packet's stream).
 */
export interface FlowStage {
  add(r: FlowRecords, streams: BatchStreams): void;
  finish(): void;
}

export class FlowPass {
  readonly conversations = new ConversationBuilder();
  private readonly numberer = new StreamNumberer();
  private tcp = new Int32Array(1024);
  private udp = new Int32Array(1024);
  private count = 0;
  private finished = false;

  constructor(private readonly stages: readonly FlowStage[] = []) {}

  /** Packets numbered so far. */
  get packets(): number {
    return this.count;
  }

  get tcpStreamCount(): number {
    return this.numberer.tcpStreams;
  }

  get udpStreamCount(): number {
    return this.numberer.udpStreams;
  }

  /** The next batch; its first packet must be packet number `packets + 1`. */
  add(r: FlowRecords): void {
    if (r.firstNumber !== this.count + 1) throw new RangeError(`flow pass: batch starts at packet ${r.firstNumber}, expected ${this.count + 1}`);
    const s = this.numberer.add(r);
    this.conversations.add(r, s);
    if (this.count + r.count > this.tcp.length) {
      const cap = Math.max(this.count + r.count, this.tcp.length * 2);
      const t = new Int32Array(cap);
      t.set(this.tcp.subarray(0, this.count));
      const u = new Int32Array(cap);
      u.set(this.udp.subarray(0, this.count));
      this.tcp = t;
      this.udp = u;
    }
    this.tcp.set(s.tcp, this.count);
    this.udp.set(s.udp, this.count);
    this.count += r.count;
    for (const stage of this.stages) stage.add(r, s);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const stage of this.stages) stage.finish();
  }

  /** Per packet (index number − 1) tcp.stream and udp.stream of the first header outside an ICMP error, −1 none. */
  streams(): { tcp: Int32Array; udp: Int32Array } {
    return { tcp: this.tcp.subarray(0, this.count), udp: this.udp.subarray(0, this.count) };
  }
}

/** The whole pass over FlowPackets of one capture (numbers 1..n in order): tests and small in-process uses. */
export function flowPassOf(packets: readonly FlowPacket[], stages: readonly FlowStage[] = []): FlowPass {
  const pass = new FlowPass(stages);
  if (packets.length > 0) pass.add(encodeFlowPackets(packets));
  pass.finish();
  return pass;
}
