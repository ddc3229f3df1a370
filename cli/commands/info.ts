/** `trawl info [--json] FILE`: what capinfos tells about a capture, from Trawl's own reader. */
import { CaptureFormatError } from '../../core/errors';
import { CaptureInfoSink, createCaptureParser, formatEpoch, formatIso, type CaptureSummary } from '../../core/pcap/index';
import type { Timestamp } from '../../core/api';
import { captureChunks, openCaptureFile } from '../../workers/capture-file';
import { UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: trawl info [--json] FILE

Reports a capture's format, byte order, timestamp precision, interfaces (with link types), packet
count, first and last packet times (earliest and latest, as capinfos), duration, captured bytes and
comments. gzip-compressed captures are read transparently.

  --json   one JSON object; times as exact epoch-second strings ("1700000000.123456789") plus ISO 8601`;

async function summarize(path: string): Promise<{ summary: CaptureSummary; compressed: boolean; sizeBytes: number }> {
  const file = await openCaptureFile(path);
  try {
    const sink = new CaptureInfoSink();
    const parser = createCaptureParser(sink);
    // Straight from the stream: info never needs to read a packet again, so no decompressed copy is kept.
    for await (const { data } of captureChunks(file)) {
      if (!parser.push(data)) break;
    }
    parser.finish();
    if (!parser.header) {
      // Only reachable for a file shorter than its header; finish() reported it as a problem.
      const p = parser.problem;
      throw new CaptureFormatError('truncated', `${path}: the file ends inside its header; it is not a usable capture.`, p?.offset ?? 0);
    }
    return { summary: sink.summary(parser, parser.header), compressed: file.compressed, sizeBytes: file.sizeBytes };
  } finally {
    await file.close();
  }
}

function digitsOf(s: CaptureSummary): number {
  return Math.max(0, ...s.interfaces.map((i) => i.tsDigits));
}

function timeJson(t: Timestamp | undefined): { epoch: string; iso?: string } | null {
  if (!t) return null;
  return { epoch: formatEpoch(t, 9), iso: formatIso(t) };
}

function formatDuration(d: Timestamp, digits: number): string {
  return `${formatEpoch(d, digits)} seconds`;
}

function toJson(path: string, r: Awaited<ReturnType<typeof summarize>>): object {
  const s = r.summary;
  const digits = digitsOf(s);
  return {
    file: path,
    format: s.header.format,
    compressed: r.compressed,
    sizeBytes: r.sizeBytes,
    byteOrder: s.header.byteOrder,
    version: `${s.header.versionMajor}.${s.header.versionMinor}`,
    ...(s.header.pcapVariant ? { pcapVariant: s.header.pcapVariant } : {}),
    tsDigits: digits,
    packets: s.packets,
    bytes: s.bytes,
    wireBytes: s.wireBytes,
    firstTime: timeJson(s.firstTime),
    lastTime: timeJson(s.lastTime),
    duration: s.duration ? formatEpoch(s.duration, 9) : null,
    inOrder: !s.outOfOrder,
    interfaces: s.interfaces.map((i) => ({ ...i, packets: s.packetsPerInterface[i.id] ?? 0 })),
    sections: s.header.sections.map((sec) => ({ ...sec })),
    comments: s.comments,
    ...(s.problem ? { problem: s.problem } : {}),
  };
}

function toText(path: string, r: Awaited<ReturnType<typeof summarize>>): string {
  const s = r.summary;
  const digits = digitsOf(s);
  const precision = digits === 9 ? 'nanoseconds' : digits === 6 ? 'microseconds' : `${digits} digits`;
  const time = (t: Timestamp | undefined): string => (t ? `${formatEpoch(t, digits)} (${formatIso(t) ?? 'out of range'})` : 'n/a');
  const lines = [
    `File name:           ${path}`,
    `File format:         ${s.header.format}${s.header.pcapVariant ? ` (${s.header.pcapVariant})` : ''} ${s.header.versionMajor}.${s.header.versionMinor}${r.compressed ? ', gzip-compressed' : ''}`,
    `File size:           ${r.sizeBytes} bytes`,
    `Byte order:          ${s.header.byteOrder}-endian`,
    `Time precision:      ${precision}`,
    `Packets:             ${s.packets}`,
    `Data size:           ${s.bytes} bytes`,
    `First packet time:   ${time(s.firstTime)}`,
    `Last packet time:    ${time(s.lastTime)}`,
    `Duration:            ${s.duration ? formatDuration(s.duration, digits) : 'n/a'}`,
    `Strict time order:   ${s.outOfOrder ? 'False' : 'True'}`,
    `Interfaces:          ${s.interfaces.length}`,
  ];
  for (const i of s.interfaces) {
    const name = i.name ? ` ${i.name}` : '';
    const desc = i.description ? ` (${i.description})` : '';
    lines.push(`  #${i.id}${name}${desc}: ${i.linkTypeName} (${i.linkType}), snaplen ${i.snapLen}, ${s.packetsPerInterface[i.id] ?? 0} packets`);
  }
  for (const sec of s.header.sections) {
    if (sec.hardware) lines.push(`Capture hardware:    ${sec.hardware}`);
    if (sec.os) lines.push(`Capture OS:          ${sec.os}`);
    if (sec.application) lines.push(`Capture application: ${sec.application}`);
  }
  for (const c of s.comments) lines.push(`Comment:             ${c}`);
  if (s.problem) {
    lines.push(`Problem:             ${s.problem.code} at record ${s.problem.record}, offset ${s.problem.offset}: ${s.problem.reason}`);
  }
  return lines.join('\n') + '\n';
}

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show what a capture file holds (format, interfaces, packets, times, bytes, comments)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const rest = args.filter((a) => a !== '--json');
    const unknown = rest.find((a) => a.startsWith('-') && a !== '-');
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (rest.length !== 1) throw new UsageError(rest.length === 0 ? 'name a capture file' : 'name exactly one capture file');
    const path = rest[0];
    const result = await summarize(path);
    io.out(json ? `${JSON.stringify(toJson(path, result), null, 2)}\n` : toText(path, result));
    return 0;
  },
};
