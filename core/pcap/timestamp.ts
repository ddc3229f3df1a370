/**
 * pcapng timestamps: a 64-bit count of units (if_tsresol: 10^-k or 2^-k seconds) split into two 32-bit
 * halves. Converting to seconds + nanoseconds must be exact (a count of nanoseconds since 1970 exceeds
 * 2^53), and it runs once per packet, so it avoids BigInt unless the resolution is exotic:
 *  - a count below 2^53 is an exact double: one division and a correction step;
 *  - otherwise a long division in 16-bit limbs (exact while the divisor is below 2^37);
 *  - BigInt only for divisors beyond that (resolutions finer than ~10^-11 s), which nobody writes.
 * Seconds and nanoseconds are truncated as Wireshark does (`ts / units`, `(ts % units) * 1e9 / units`).
 */

const TWO32 = 4294967296;
const TWO16 = 65536;
const LIMB_DIVISOR_MAX = 2 ** 37;

export interface TsResolution {
  /** Units per second. */
  readonly unitsPerSecond: number;
  /** Digits after the second Wireshark shows for this resolution (6 = µs, 9 = ns). */
  readonly digits: number;
}

/** Decode an if_tsresol option byte (high bit clear: 10^-v, set: 2^-v). Undefined when out of range. */
export function decodeTsResol(v: number): TsResolution | undefined {
  if (v & 0x80) {
    const k = v & 0x7f;
    if (k > 63) return undefined;
    return { unitsPerSecond: 2 ** k, digits: Math.min(9, Math.ceil(k * Math.log10(2))) };
  }
  if (v > 19) return undefined;
  return { unitsPerSecond: 10 ** v, digits: Math.min(9, v) };
}

/** Converts raw (hi, lo) counts of one interface to (sec, nsec); reads results from `sec` and `nsec`. */
export class TimestampConverter {
  sec = 0;
  nsec = 0;
  private readonly div: number;
  /** nsec = rem * nsMul / nsDiv, exactly, when `nsExact`. */
  private readonly nsMul: number;
  private readonly nsDiv: number;
  private readonly nsExact: boolean;

  constructor(
    unitsPerSecond: number,
    /** if_tsoffset: seconds added to every timestamp. */
    private readonly offsetSec = 0,
  ) {
    this.div = unitsPerSecond;
    const isPow10 = Number.isInteger(Math.log10(unitsPerSecond)) && 10 ** Math.round(Math.log10(unitsPerSecond)) === unitsPerSecond;
    if (isPow10 && unitsPerSecond <= 1e9) {
      this.nsMul = 1e9 / unitsPerSecond;
      this.nsDiv = 1;
      this.nsExact = true;
    } else if (isPow10) {
      this.nsMul = 1;
      this.nsDiv = unitsPerSecond / 1e9;
      this.nsExact = true;
    } else {
      this.nsMul = 1e9;
      this.nsDiv = unitsPerSecond;
      this.nsExact = unitsPerSecond * 1e9 <= Number.MAX_SAFE_INTEGER;
    }
  }

  convert(hi: number, lo: number): void {
    const d = this.div;
    let sec: number;
    let rem: number;
    if (hi < 0x200000) {
      const ts = hi * TWO32 + lo;
      sec = Math.floor(ts / d);
      rem = ts - sec * d;
      if (rem < 0) {
        sec -= 1;
        rem += d;
      } else if (rem >= d) {
        sec += 1;
        rem -= d;
      }
    } else if (d < LIMB_DIVISOR_MAX) {
      // Long division of hi:lo in four 16-bit limbs; every partial remainder stays below 2^53.
      let r = hi >>> 16;
      const q0 = Math.floor(r / d);
      r = (r - q0 * d) * TWO16 + (hi & 0xffff);
      const q1 = Math.floor(r / d);
      r = (r - q1 * d) * TWO16 + (lo >>> 16);
      const q2 = Math.floor(r / d);
      r = (r - q2 * d) * TWO16 + (lo & 0xffff);
      const q3 = Math.floor(r / d);
      rem = r - q3 * d;
      sec = ((q0 * TWO16 + q1) * TWO16 + q2) * TWO16 + q3;
    } else {
      const ts = (BigInt(hi) << 32n) | BigInt(lo);
      const bd = BigInt(d);
      sec = Number(ts / bd);
      this.sec = sec + this.offsetSec;
      this.nsec = Number(((ts % bd) * 1000000000n) / bd);
      return;
    }
    this.sec = sec + this.offsetSec;
    if (this.nsExact) {
      if (this.nsDiv === 1) {
        this.nsec = rem * this.nsMul;
      } else {
        const p = rem * this.nsMul;
        let q = Math.floor(p / this.nsDiv);
        if (q * this.nsDiv > p) q -= 1;
        this.nsec = q;
      }
    } else {
      this.nsec = Number((BigInt(rem) * 1000000000n) / BigInt(d));
    }
  }
}
