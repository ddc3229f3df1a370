/** A half-open range [start, end) of UTF-16 code units in the filter text; what FilterError carries. */
export type Span = readonly [number, number];

export const joinSpans = (a: Span, b: Span): Span => [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
