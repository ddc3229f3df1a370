/**
 * The version each TCP stream's TLS session negotiated: the first Server Hello the flow pass sees in it
 * (FlowRecords' `tcp.tlsServerVersion`). tshark -2 names every record of the session by it (TLSv1.3 …), the
 * Client Hello before it included; the dissectors get it as PacketFlowInfo.tlsVersion.
 */
export class TlsSessionVersions {
  /** Per tcp.stream, 0: no Server Hello seen. */
  private versions = new Uint16Array(1024);

  /** A Server Hello of `stream` negotiating `version` (the first one counts). */
  note(stream: number, version: number): void {
    if (stream < 0 || version === 0) return;
    if (stream >= this.versions.length) {
      const grown = new Uint16Array(Math.max(stream + 1, 2 * this.versions.length));
      grown.set(this.versions);
      this.versions = grown;
    }
    if (this.versions[stream] === 0) this.versions[stream] = isTls13Draft(version) ? TLS13 : version;
  }

  /** The session version of `stream`, 0 when none is known. */
  of(stream: number): number {
    return stream >= 0 && stream < this.versions.length ? this.versions[stream] : 0;
  }
}

const TLS13 = 0x0304;

/** A TLS 1.3 draft's version (0x7f0e …, Facebook's 0xfb17 and 0xfb1a): Wireshark's session says TLS 1.3 for them. */
function isTls13Draft(version: number): boolean {
  return version >>> 8 === 0x7f || version === 0xfb17 || version === 0xfb1a;
}
