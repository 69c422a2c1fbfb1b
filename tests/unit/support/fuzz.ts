/**
 * A seeded mutation fuzzer for byte frames and JSON documents. Seeded, so a failure names the
 * seed and the case number and comes back the same on the next run; a plain loop, so a hundred
 * thousand frames take well under a second.
 */

/** mulberry32: small, fast, and good enough to pick bytes and mutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values a radio, a buggy firmware or a hostile device is likeliest to put in a byte. */
const EDGE_BYTES = [0x00, 0x01, 0x0a, 0x0d, 0x20, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff];

export class Fuzzer {
  readonly random: () => number;

  constructor(readonly seed: number) {
    this.random = seededRandom(seed);
  }

  int(below: number): number {
    return Math.floor(this.random() * below);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  byte(): number {
    return this.random() < 0.25 ? this.pick(EDGE_BYTES) : this.int(256);
  }

  /** Random bytes of a random length up to `maxLength`. */
  frame(maxLength: number): Uint8Array {
    const out = new Uint8Array(this.int(maxLength + 1));
    for (let i = 0; i < out.length; i++) out[i] = this.byte();
    return this.placed(out);
  }

  /** A valid frame with one to four mutations: the frames that get furthest into a decoder. */
  mutate(valid: Uint8Array, others: readonly Uint8Array[] = []): Uint8Array {
    let bytes = [...valid];
    const rounds = 1 + this.int(4);
    for (let round = 0; round < rounds; round++) bytes = this._mutateOnce(bytes, others);
    return this.placed(Uint8Array.from(bytes));
  }

  /**
   * Sometimes hands the frame over as a view into a larger buffer, as a DataView from Web
   * Bluetooth can be: a decoder that ignores byteOffset reads the wrong bytes.
   */
  placed(frame: Uint8Array): Uint8Array {
    if (this.random() < 0.7) return frame;
    const before = 1 + this.int(8);
    const after = this.int(8);
    const buffer = new Uint8Array(before + frame.length + after);
    for (let i = 0; i < buffer.length; i++) buffer[i] = this.byte();
    buffer.set(frame, before);
    return buffer.subarray(before, before + frame.length);
  }

  private _mutateOnce(bytes: number[], others: readonly Uint8Array[]): number[] {
    const at = this.int(Math.max(1, bytes.length));
    switch (this.int(9)) {
      case 0: // flip one bit
        if (bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << this.int(8));
        return bytes;
      case 1: // overwrite a byte
        if (bytes.length > 0) bytes[at] = this.byte();
        return bytes;
      case 2: // insert a byte
        bytes.splice(at, 0, this.byte());
        return bytes;
      case 3: // drop a byte
        bytes.splice(at, 1);
        return bytes;
      case 4: // truncate, as a lost packet tail would
        return bytes.slice(0, this.int(bytes.length + 1));
      case 5: // trailing garbage
        for (let n = 1 + this.int(8); n > 0; n--) bytes.push(this.byte());
        return bytes;
      case 6: // swap two bytes
        if (bytes.length > 1) {
          const other = this.int(bytes.length);
          [bytes[at], bytes[other]] = [bytes[other] ?? 0, bytes[at] ?? 0];
        }
        return bytes;
      case 7: // splice in part of another valid frame
        if (others.length > 0) {
          const other = this.pick(others);
          const from = this.int(other.length + 1);
          return [...bytes.slice(0, at), ...other.slice(from, from + 1 + this.int(8))];
        }
        return bytes;
      default: // repeat a run of bytes
        return [...bytes.slice(0, at), ...bytes.slice(at, at + 1 + this.int(4)), ...bytes.slice(at)];
    }
  }
}

// ---- JSON documents ----

export type JsonPath = readonly (string | number)[];

/** "sessions[1].painBefore" for ['sessions', 1, 'painBefore']: the form the parsers name fields in. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out;
}

/** ['sessions', 1, 'painBefore'] for "sessions[1].painBefore". */
export function parsePath(field: string): JsonPath {
  return field
    .split(/[.[\]]+/)
    .filter((key) => key !== '')
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
}

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every path in a document, the root excluded. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (!isContainer(value)) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf(value[key], path)];
  });
}

export function valueAt(document: unknown, path: JsonPath): unknown {
  let node: unknown = document;
  for (const key of path) {
    if (!isContainer(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** True when `path` exists in the document, or its parent does (a missing field is named under it). */
export function namesAPlaceIn(document: unknown, path: JsonPath): boolean {
  const parent = valueAt(document, path.slice(0, -1));
  return path.length > 0 && isContainer(parent);
}

/** Values that a hand-edited or corrupted file puts where another value belongs. */
const WRONG_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.000001,
  255,
  256,
  65536,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  '0',
  'x',
  '0x00',
  'u16le:level',
  'level',
  'eb5e0001-5a1e-4b1d-8c4e-6d6173736167',
  'completed',
  'gentle',
  '2025-03-03T08:00:00.000Z',
  '\u0000',
  '<script>alert(1)</script>',
  'x'.repeat(5000),
  [],
  [null],
  [1, 2, 3],
  ['x'],
  {},
  { a: 1 },
  { level: 1, celsius: 36 },
];

export interface JsonMutation {
  readonly document: unknown;
  /** Where the mutation happened ([] for the root). */
  readonly path: JsonPath;
  readonly kind: 'replace' | 'delete' | 'add-key' | 'drop-item' | 'repeat-item';
}

export class DocumentFuzzer extends Fuzzer {
  /**
   * One mutation of a copy of `valid`, at a random place: a value replaced by one of the wrong
   * kind or out of range, a key deleted or added, an array item dropped or repeated.
   * `extraValues` adds values that only make sense for this document (NaN, undefined: objects
   * given to a parser directly can hold them, JSON cannot).
   */
  mutateDocument(valid: unknown, extraValues: readonly unknown[] = []): JsonMutation {
    const document = structuredClone(valid);
    const paths = pathsOf(document);
    if (paths.length === 0 || this.random() < 0.01) {
      return { document: this.pick([...WRONG_VALUES, ...extraValues]), path: [], kind: 'replace' };
    }
    const path = this.pick(paths);
    const parent = valueAt(document, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path.at(-1) ?? '';
    const values = [...WRONG_VALUES, ...extraValues];
    const choice = this.int(10);
    if (choice < 5) {
      parent[key] = this.pick(values);
      return { document, path, kind: 'replace' };
    }
    if (Array.isArray(parent)) {
      const index = key as number;
      if (choice < 8) {
        parent.splice(index, 1);
        return { document, path, kind: 'drop-item' };
      }
      parent.splice(index, 0, structuredClone(parent[index]));
      return { document, path, kind: 'repeat-item' };
    }
    if (choice < 8) {
      delete parent[key]; // eslint-disable-line @typescript-eslint/no-dynamic-delete
      return { document, path, kind: 'delete' };
    }
    const name = this.pick(['extra', 'note', '__proto__', 'constructor', 'toString', String(key).toUpperCase()]);
    Object.defineProperty(parent, name, { value: this.pick(values), enumerable: true, configurable: true, writable: true });
    return { document, path: [...path.slice(0, -1), name], kind: 'add-key' };
  }

  /** Text cut short, or with a character changed: what a partial download or a stray edit leaves. */
  mutateText(text: string): string {
    const at = this.int(text.length + 1);
    switch (this.int(4)) {
      case 0:
        return text.slice(0, at);
      case 1:
        return text.slice(0, at) + this.pick(['{', '}', '[', ']', ',', '"', ':', '\\', '\u0000', 'null', '1e999']) + text.slice(at);
      case 2:
        return text.slice(0, at) + text.slice(at + 1 + this.int(16));
      default:
        return text.slice(0, at) + String.fromCharCode(this.int(0x3000)) + text.slice(at + 1);
    }
  }
}
