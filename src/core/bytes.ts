/**
 * Byte helpers shared by every codec.
 *
 * Write buffers are typed `Uint8Array<ArrayBuffer>` because, since TypeScript 5.7, a plain
 * `Uint8Array` may be backed by a SharedArrayBuffer and is then not a `BufferSource` that
 * `writeValueWithResponse` accepts.
 */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Builds a frame from byte values; each value must already be an integer in 0..255. */
export function bytes(...values: readonly number[]): Bytes {
  const out = new Uint8Array(new ArrayBuffer(values.length));
  values.forEach((value, index) => {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) {
      throw new RangeError(`byte ${index} is ${value}, not an integer in 0..255`);
    }
    out[index] = value;
  });
  return out;
}

/** Copies any view (DataView, Uint8Array, ArrayBuffer) into a fresh, unshared `Bytes`. */
export function copyBytes(source: ArrayBuffer | ArrayBufferView): Bytes {
  const view = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  const out = new Uint8Array(new ArrayBuffer(view.byteLength));
  out.set(view);
  return out;
}

/** "01 0a ff": the form used in tests, logs and PROTOCOL.md tables. */
export function toHex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function fromHex(hex: string): Bytes {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) {
    throw new RangeError(`"${hex}" is not a whole number of hex bytes`);
  }
  const values: number[] = [];
  for (let i = 0; i < clean.length; i += 2) values.push(Number.parseInt(clean.slice(i, i + 2), 16));
  return bytes(...values);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
