/** Capture files: reading (pcap, pcapng, gzip), writing pcapng, link types and the `info` summary. */
export type { CaptureHeader, CaptureParser, PacketSink, RecordDetail, SectionInfo } from './types';
export { createCaptureParser } from './capture-parser';
export { readRecordDetail } from './record-detail';
export { LINK_TYPES, LinkType, linkTypeMeta, linkTypeName, maxCaplenFor, type LinkTypeMeta } from './link-types';
export { describeNonCapture } from './file-kind';
export { decodeTsResol, TimestampConverter } from './timestamp';
export { createGunzip, isGzip, type GunzipStream } from './gzip';
export { CaptureInfoSink, formatEpoch, formatIso, type CaptureSummary } from './capture-info';
export { encodeEpb, encodeIdb, encodeIsb, encodeShb, type EpbOptions, type IdbOptions, type IsbOptions, type ShbOptions } from './pcapng-writer';
