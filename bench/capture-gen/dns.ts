/** DNS messages (RFC 1035): a query for one name, and its answer with an optional CNAME and A/AAAA records. */
import { ByteWriter } from './byte-writer';

export const DnsType = { a: 1, cname: 5, aaaa: 28 } as const;

function writeName(w: ByteWriter, name: string): void {
  for (const label of name.split('.')) {
    w.u8(label.length).ascii(label);
  }
  w.u8(0);
}

function nameLength(name: string): number {
  return name.length + 2;
}

export function dnsQuery(id: number, name: string, type: number): Uint8Array {
  const w = new ByteWriter();
  w.u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0);
  writeName(w, name);
  return w.u16(type).u16(1).finish();
}

export interface DnsAnswer {
  /** The canonical name the queried name is an alias of, if any. */
  cname?: string;
  /** 4-byte (A) or 16-byte (AAAA) addresses. */
  addresses: readonly Uint8Array[];
  ttl: number;
}

export function dnsResponse(id: number, name: string, type: number, a: DnsAnswer): Uint8Array {
  const w = new ByteWriter();
  w.u16(id).u16(0x8180).u16(1).u16(a.addresses.length + (a.cname ? 1 : 0)).u16(0).u16(0);
  writeName(w, name);
  w.u16(type).u16(1);
  const QNAME_PTR = 0xc000 | 12;
  let ownerPtr = QNAME_PTR;
  if (a.cname) {
    // Its rdata (the canonical name) starts after the 12 bytes of owner pointer, type, class, ttl, rdlength.
    const cnameAt = 12 + nameLength(name) + 4 + 12;
    w.u16(QNAME_PTR).u16(DnsType.cname).u16(1).u32(a.ttl).u16(nameLength(a.cname));
    writeName(w, a.cname);
    ownerPtr = 0xc000 | cnameAt;
  }
  for (const addr of a.addresses) {
    w.u16(ownerPtr).u16(type).u16(1).u32(a.ttl).u16(addr.length).bytes(addr);
  }
  return w.finish();
}
