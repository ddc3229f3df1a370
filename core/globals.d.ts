// Globals that every runtime Trawl's core runs in provides (Node >= 18, browsers, workers), but that
// lib ES2022 does not declare. Core declares only this minimal surface so it stays free of Node/DOM types.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
