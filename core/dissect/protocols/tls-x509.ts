/**
 * The issuer and subject names of an X.509 certificate (RFC 5280 §4.1), read from DER just far enough to
 * show them with Wireshark's x509if/x509sat fields: each relative distinguished name and its attribute
 * values (CountryName, or the DirectoryString alternative: printableString, uTF8String …).
 *
 * The reader checks every length against what was captured; a bad encoding becomes an expert item and
 * stops the certificate, never an exception.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { textAt, utf8At } from './text-lines';

interface Tlv {
  tag: number;
  /** Offset of the value, relative to the view. */
  at: number;
  len: number;
  /** Offset just after the value. */
  end: number;
}

/** One DER element at `at`, or undefined when it does not fit before `limit` (or uses a long-form tag). */
function tlv(v: ByteView, at: number, limit: number): Tlv | undefined {
  if (!v.has(at, 2) || at + 2 > limit) return undefined;
  const tag = v.u8(at);
  if ((tag & 0x1f) === 0x1f) return undefined;
  let len = v.u8(at + 1);
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || !v.has(at + 2, n)) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + v.u8(at + 2 + i);
    hdr += n;
  }
  const end = at + hdr + len;
  if (end > limit || !v.has(at, hdr + len)) return undefined;
  return { tag, at: at + hdr, len, end };
}

const OID_COUNTRY = '2.5.4.6';
const OID_SERIAL = '2.5.4.5';
/** DirectoryString attributes: CN, L, ST, street, O, OU, title, name, givenName, initials … */
const DIRECTORY_STRING_OIDS: ReadonlySet<string> = new Set(['2.5.4.3', '2.5.4.4', '2.5.4.7', '2.5.4.8', '2.5.4.9', '2.5.4.10', '2.5.4.11', '2.5.4.12', '2.5.4.41', '2.5.4.42', '2.5.4.43', '2.5.4.44', '2.5.4.46', '2.5.4.65']);
/** DirectoryString CHOICE tag → Wireshark's field. */
const DIRECTORY_STRING_FIELDS: Readonly<Record<number, string>> = {
  0x13: 'x509sat.printableString',
  0x0c: 'x509sat.uTF8String',
  0x14: 'x509sat.teletexString',
  0x1e: 'x509sat.bmpString',
  0x1c: 'x509sat.universalString',
};

function oidText(v: ByteView, at: number, len: number): string {
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < len; i++) {
    const b = v.u8(at + i);
    n = n * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

function stringValue(v: ByteView, e: Tlv): string {
  if (e.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < e.len; i += 2) s += String.fromCharCode(v.u16(e.at + i));
    return s;
  }
  if (e.tag === 0x0c) return utf8At(v, e.at, e.len);
  return textAt(v, e.at, e.len);
}

/** A Name: SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue). */
function dissectName(v: ByteView, name: Tlv, t: Item, abs: number, label: string): boolean {
  const n = t.text(label, abs + name.at - 2, name.end - name.at + 2);
  for (let at = name.at; at < name.end; ) {
    const rdn = tlv(v, at, name.end);
    if (rdn === undefined || rdn.tag !== 0x31) return false;
    let count = 0;
    for (let a = rdn.at; a < rdn.end; ) {
      const atv = tlv(v, a, rdn.end);
      if (atv === undefined) return false;
      count++;
      a = atv.end;
    }
    const item = n.add('x509if.RDNSequence_item', abs + at, rdn.end - at, count, `RDNSequence item: ${count} item${count === 1 ? '' : 's'}`);
    for (let a = rdn.at; a < rdn.end; ) {
      const atv = tlv(v, a, rdn.end);
      if (atv === undefined || atv.tag !== 0x30) return false;
      const oid = tlv(v, atv.at, atv.end);
      const val = oid === undefined ? undefined : tlv(v, oid.end, atv.end);
      if (oid === undefined || oid.tag !== 0x06 || val === undefined) return false;
      const id = oidText(v, oid.at, oid.len);
      const text = stringValue(v, val);
      const field =
        id === OID_COUNTRY ? 'x509sat.CountryName' : id === OID_SERIAL ? 'x509sat.PrintableString' : DIRECTORY_STRING_OIDS.has(id) ? DIRECTORY_STRING_FIELDS[val.tag] : undefined;
      if (field !== undefined) item.add(field, abs + val.at, val.len, text);
      else item.text(`${id}: ${text}`, abs + val.at, val.len);
      a = atv.end;
    }
    at = rdn.end;
  }
  return true;
}

/** The certificate in `cert` (relative offsets; `abs` is its offset in the TLS layer). */
export function dissectCertificate(cert: ByteView, ctx: DissectContext, t: Item, abs: number): void {
  const bad = () => ctx.expert('warn', 'The certificate is not valid DER; its names are not shown', abs, cert.length);
  const outer = tlv(cert, 0, cert.length);
  const tbs = outer === undefined || outer.tag !== 0x30 ? undefined : tlv(cert, outer.at, outer.end);
  if (tbs === undefined || tbs.tag !== 0x30) return bad();
  // tbsCertificate: [0] version?, serialNumber, signature, issuer, validity, subject, …
  const parts: Tlv[] = [];
  for (let at = tbs.at; at < tbs.end && parts.length < 6; ) {
    const e = tlv(cert, at, tbs.end);
    if (e === undefined) return bad();
    if (!(parts.length === 0 && e.tag === 0xa0)) parts.push(e);
    at = e.end;
  }
  const [, , issuer, , subject] = parts;
  if (issuer === undefined || subject === undefined || issuer.tag !== 0x30 || subject.tag !== 0x30) return bad();
  if (!dissectName(cert, issuer, t, abs, 'issuer')) return bad();
  if (!dissectName(cert, subject, t, abs, 'subject')) return bad();
}
