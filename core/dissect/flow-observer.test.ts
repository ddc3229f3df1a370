/**
 * FLOW_SCOPE (observeFlows stops after a transport header unless a tunnel follows) against a full
 * dissection: over every corpus capture, every packet's reported flow facts must be the same.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES_DIR, wiresharkReadableCaptures } from '../../scripts/shared-captures';
import { run } from './dissect';
import { FLOW_SCOPE, type FlowObserver, type FlowScope, type IpFragmentFact, type IpHeaderFact, type LinkHeaderFact, type TcpHeaderFact, type UdpHeaderFact } from './flow-observer';
import { defaultRegistry } from './index';
import { readCapture, type TestPacket } from './test/read-capture';

/** Every fact of one packet, as text (TCP options are complete once the dissection returned). */
class FactLog implements FlowObserver {
  readonly facts: object[] = [];
  link(h: LinkHeaderFact): void {
    this.facts.push({ link: { ...h, src: [...h.src], dst: [...h.dst] } });
  }
  ip(h: IpHeaderFact): void {
    this.facts.push({ ip: { ...h, src: [...h.src], dst: [...h.dst] } });
  }
  fragment(f: IpFragmentFact): void {
    this.facts.push({ fragment: f });
  }
  tcp(h: TcpHeaderFact): void {
    this.facts.push({ tcp: h });
  }
  udp(h: UdpHeaderFact): void {
    this.facts.push({ udp: h });
  }
  text(): string {
    return JSON.stringify(this.facts);
  }
}

function factsOf(p: TestPacket, scope: FlowScope | undefined): string {
  const log = new FactLog();
  run(defaultRegistry, p.iface.linkType, p.bytes, p.bytes.length, Math.max(p.origlen, p.bytes.length), false, undefined, log, undefined, scope);
  return log.text();
}

test('over the corpus, the flow scope reports the same facts as a full dissection', () => {
  let packets = 0;
  let withFacts = 0;
  const differ: string[] = [];
  for (const path of wiresharkReadableCaptures()) {
    for (const p of readCapture(path).packets) {
      packets++;
      const full = factsOf(p, undefined);
      if (full !== '[]') withFacts++;
      if (factsOf(p, FLOW_SCOPE) !== full) differ.push(`${path.slice(CAPTURES_DIR.length + 1)} #${p.number}`);
    }
  }
  assert.ok(packets > 50_000, `the corpus has ${packets} packets`);
  assert.ok(withFacts > 40_000, `${withFacts} packets have flow facts`);
  assert.deepEqual(differ.slice(0, 20), [], `${differ.length} packets differ`);
});

test('a scope without the tunnel loses the tunnelled headers (the check above can fail)', () => {
  const { packets } = readCapture(join(CAPTURES_DIR, 'tcpdump-tests/vxlan.pcap'));
  const noTunnels: FlowScope = { transports: FLOW_SCOPE.transports, tunnels: new Set() };
  const lost = packets.filter((p) => factsOf(p, noTunnels) !== factsOf(p, FLOW_SCOPE)).length;
  assert.ok(lost > 0 && lost === packets.length, `${lost} of ${packets.length} VXLAN packets lose their inner headers`);
});
