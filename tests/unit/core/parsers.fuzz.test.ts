import { describe, expect, it } from 'vitest';
import openMassagerJson from '../../../devices/open-massager/profile.json';
import { toJsonExport } from '../../../src/core/journal/export.js';
import { describeImportError, parseJournalExport } from '../../../src/core/journal/parse.js';
import { parseProfile } from '../../../src/core/profile/parse.js';
import { describeProfileError } from '../../../src/core/profile/types.js';
import { record, T0, MINUTE } from './journal/fixtures.js';
import { DocumentFuzzer, formatPath, namesAPlaceIn, parsePath, type JsonMutation } from '../support/fuzz.js';

/**
 * Malformed documents made from valid ones, one mutation each: a value of the wrong kind or out
 * of range, a key deleted or added, an array item dropped or repeated. The parsers must never
 * throw; a refusal must name a field a person can find in the file (the one that is wrong, or,
 * for a field that is missing, a place under its parent).
 */
const DOCUMENTS = 10_000;
const TEXTS = 5_000;

const uartProfile = {
  schemaVersion: 1,
  id: 'uart-massager',
  name: 'UART massager',
  family: 'uart-text-v1',
  match: { namePrefixes: ['UART'], services: [] },
  gatt: {
    service: '6e400001-b5a3-f393-e0a9-e50e24dcca9e',
    control: '6e400002-b5a3-f393-e0a9-e50e24dcca9e',
    state: '6e400003-b5a3-f393-e0a9-e50e24dcca9e',
  },
  standardServices: ['battery'],
  capabilities: { vibration: { steps: 9 }, heat: { mode: 'celsius', min: 35, max: 40 } },
  limitsEnforcedByDevice: false,
  timing: { minWriteGapMs: 100, writeTimeoutMs: 1000, keepaliveMs: 2000 },
  commands: { stop: { text: 'S\n' }, vibration: { text: 'V{level}\n' }, heat: { text: 'H{celsius}\n' }, keepalive: { text: 'K\n' } },
};

const journalDocument = JSON.parse(
  toJsonExport(
    [
      record(),
      record({
        id: 'symptom-stop',
        startedAt: T0 + 3 * 60 * MINUTE,
        updatedAt: T0 + 3 * 60 * MINUTE + 4 * MINUTE,
        endedAt: T0 + 3 * 60 * MINUTE + 4 * MINUTE,
        endReason: 'symptom',
        endDetail: 'numbness',
        activeMs: 4 * MINUTE,
        heatMs: 0,
        symptoms: [{ at: T0 + 3 * 60 * MINUTE + 4 * MINUTE, kind: 'numbness' }],
        care: 'urgent',
        redFlags: ['both-legs'],
        maxHeaterC: null,
        painAfter: null,
      }),
      record({ id: 'open', startedAt: T0 + 6 * 60 * MINUTE, endedAt: null, endReason: null, updatedAt: T0 + 6 * 60 * MINUTE + MINUTE }),
    ],
    T0 + 7 * 60 * MINUTE,
  ),
) as unknown;

interface Refusal {
  readonly field: string | null;
  readonly message: string;
  readonly described: string;
}

/** Runs one parse; a throw fails the test with the mutation that caused it. */
function attempt(mutation: JsonMutation, parse: () => Refusal | null): Refusal | null {
  try {
    return parse();
  } catch (error: unknown) {
    throw new Error(`${mutation.kind} at ${formatPath(mutation.path) || '(root)'} threw: ${String(error)}`);
  }
}

function expectNamedField(mutation: JsonMutation, refusal: Refusal): void {
  const where = `${mutation.kind} at ${formatPath(mutation.path) || '(root)'}`;
  if (refusal.message === '') throw new Error(`${where}: refused with an empty message`);
  // A document that is not an object at all is wrong as a whole: there is no field to name.
  if (mutation.path.length === 0) return;
  const field = refusal.field ?? '';
  if (field === '') throw new Error(`${where}: the refusal names no field (${refusal.message})`);
  if (!namesAPlaceIn(mutation.document, parsePath(field))) throw new Error(`${where}: "${field}" is not a place in the file`);
  if (!refusal.described.includes(field)) throw new Error(`${where}: the message shown (${refusal.described}) does not name ${field}`);
}

describe('parsers fed malformed documents', () => {
  it('profiles: every mutation of a valid profile parses or is refused naming a field in it, and nothing throws', () => {
    const fuzzer = new DocumentFuzzer(0xf11e0001);
    const bases = [openMassagerJson, uartProfile];
    // Objects handed to the parser directly can hold what JSON cannot.
    const extra = [Number.NaN, Number.POSITIVE_INFINITY, undefined, -0];
    let refused = 0;
    for (let n = 0; n < DOCUMENTS; n++) {
      const mutation = fuzzer.mutateDocument(fuzzer.pick(bases), extra);
      const refusal = attempt(mutation, () => {
        const parsed = parseProfile(mutation.document, 'imported');
        return parsed.ok ? null : { ...parsed.error, described: describeProfileError(parsed.error) };
      });
      if (refusal) {
        refused++;
        expectNamedField(mutation, refusal);
      }
    }
    expect(refused).toBeGreaterThan(DOCUMENTS / 2);
  });

  it('journal imports: every mutation of a valid export is imported or refused naming a field in it, and nothing throws', () => {
    const fuzzer = new DocumentFuzzer(0xf11e0002);
    let refused = 0;
    for (let n = 0; n < DOCUMENTS; n++) {
      const mutation = fuzzer.mutateDocument(journalDocument);
      const refusal = attempt(mutation, () => {
        // No undefined is put in these documents, so each one stringifies to JSON text.
        const parsed = parseJournalExport(JSON.stringify(mutation.document));
        return parsed.ok ? null : { ...parsed.error, described: describeImportError(parsed.error) };
      });
      if (refusal) {
        refused++;
        expectNamedField(mutation, refusal);
      }
    }
    expect(refused).toBeGreaterThan(DOCUMENTS / 2);
  });

  it('journal imports: a file cut short or with stray characters is refused with a message, never a throw', () => {
    const fuzzer = new DocumentFuzzer(0xf11e0003);
    const text = JSON.stringify(journalDocument, null, 2);
    let refused = 0;
    for (let n = 0; n < TEXTS; n++) {
      const mutated = fuzzer.mutateText(text);
      let outcome: ReturnType<typeof parseJournalExport>;
      try {
        outcome = parseJournalExport(mutated);
      } catch (error: unknown) {
        throw new Error(`text mutation ${n} threw: ${String(error)}`);
      }
      if (!outcome.ok) {
        refused++;
        expect(outcome.error.message).not.toBe('');
        expect(describeImportError(outcome.error)).toMatch(/Nothing was imported/);
      }
    }
    expect(refused).toBeGreaterThan(TEXTS / 2);
  });
});
