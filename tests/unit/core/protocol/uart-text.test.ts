import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DecodeOutcome } from '../../../../src/core/protocol/messages.js';
import { createUartDecoder, NORDIC_UART } from '../../../../src/core/protocol/uart-text.js';

const HEAT_CELSIUS = [36, 38, 40];
const ascii = (text: string) => new TextEncoder().encode(text);

function pushAll(chunks: readonly (string | Uint8Array)[]): DecodeOutcome[] {
  const decoder = createUartDecoder(HEAT_CELSIUS);
  return chunks.flatMap((chunk) => decoder.push(typeof chunk === 'string' ? ascii(chunk) : chunk));
}

/** The messages that decoded, and how many lines were refused. */
function summary(outcomes: readonly DecodeOutcome[]) {
  return {
    messages: outcomes.flatMap((o) => (o.ok ? [o.value] : [])),
    errors: outcomes.filter((o) => !o.ok).length,
  };
}

describe('UART text lines', () => {
  it('a status line split across three notifications decodes once, when its newline arrives', () => {
    const decoder = createUartDecoder(HEAT_CELSIUS);
    expect(decoder.push(ascii('ST V3 H'))).toEqual([]);
    expect(decoder.push(ascii('38 T37.'))).toEqual([]);
    const outcomes = decoder.push(ascii('5 F0\r\n'));
    expect(outcomes).toHaveLength(1);
    const first = outcomes[0]!;
    expect(first.ok && first.value).toEqual({
      kind: 'report',
      report: {
        vibration: 3,
        kneading: 0,
        direction: 'clockwise',
        heat: 2,
        heaterC: 37.5,
        sessionArmed: null,
        sessionSecondsLeft: null,
        heatSecondsLeft: null,
        faults: { overTemperature: false, sensorFault: false, lowBattery: false },
        lastStop: 'none',
        lastRejection: null,
        sequence: null,
      },
    });
  });

  it('two lines in one notification give two messages in order', () => {
    const { messages, errors } = summary(pushAll(['OK\nERR range\n']));
    expect(errors).toBe(0);
    expect(messages).toEqual([{ kind: 'accepted' }, { kind: 'rejected', rejection: 'out-of-range' }]);
  });

  it.each([
    ['ERR range', { kind: 'rejected', rejection: 'out-of-range' }],
    ['ERR syntax', { kind: 'rejected', rejection: 'unknown-command' }],
    ['ERR fault', { kind: 'rejected', rejection: 'fault-active' }],
    ['ERR battery', { kind: 'rejected', rejection: 'low-battery' }],
    ['ERR gremlins', { kind: 'rejected', rejection: 'unknown' }],
    ['STOP cmd', { kind: 'stopped', cause: 'stop-command' }],
    ['STOP watchdog', { kind: 'stopped', cause: 'link-loss' }],
    ['STOP link', { kind: 'stopped', cause: 'link-loss' }],
    ['STOP hot', { kind: 'stopped', cause: 'over-temperature' }],
    ['STOP sensor', { kind: 'stopped', cause: 'sensor-fault' }],
    ['STOP battery', { kind: 'stopped', cause: 'low-battery' }],
    ['STOP sunspots', { kind: 'stopped', cause: 'unknown' }],
  ])('"%s" decodes to %o', (line, message) => {
    expect(summary(pushAll([`${line}\n`]))).toEqual({ messages: [message], errors: 0 });
  });

  it('a status line with faults and no temperature reads as a sensor fault, not as 0 °C', () => {
    const { messages } = summary(pushAll(['ST V0 H0 T-- F5\n']));
    expect(messages[0]).toMatchObject({
      kind: 'report',
      report: { vibration: 0, heat: 0, heaterC: null, faults: { overTemperature: true, sensorFault: true, lowBattery: true } },
    });
  });

  it.each([
    ['garbage', 'hello there'],
    ['a lower-case ok', 'ok'],
    ['a status line with a heat setpoint the device does not have', 'ST V3 H37 T36.0 F0'],
    ['a status line with a fault value out of range', 'ST V3 H38 T36.0 F9'],
    ['a status line with a temperature without its decimal', 'ST V3 H38 T36 F0'],
    ['a status line with a heater temperature no sensor reads (found by the fuzzer)', 'ST V3 H38 T366.5 F0'],
    ['a status line with a heater temperature far below freezing', 'ST V3 H38 T-99.9 F0'],
  ])('%s is a decode error, never device state', (_name, line) => {
    expect(summary(pushAll([`${line}\n`]))).toEqual({ messages: [], errors: 1 });
  });

  it('empty lines (a bare CR LF between messages) are skipped quietly', () => {
    expect(summary(pushAll(['\r\n\nOK\n']))).toEqual({ messages: [{ kind: 'accepted' }], errors: 0 });
  });

  it('an over-long line is refused once and does not grow without bound; the next line still decodes', () => {
    const { messages, errors } = summary(pushAll(['A'.repeat(NORDIC_UART.maxLine * 4), '\n', 'OK\n']));
    expect(errors).toBe(1);
    expect(messages).toEqual([{ kind: 'accepted' }]);
  });

  it('the tail of an over-long line is never read as a status line', () => {
    // 64 characters of noise, one more that overflows, then what looks like a status line.
    const { messages } = summary(pushAll(['#'.repeat(NORDIC_UART.maxLine), 'X', 'ST V9 H40 T39.5 F0\n']));
    expect(messages).toEqual([]);
  });

  it('a control byte inside a line spoils that whole line: its tail is not read as a message', () => {
    const { messages, errors } = summary(pushAll([new Uint8Array([0x45, 0x52, 0x01]), 'ST V9 H40 T39.5 F0\n', 'OK\n']));
    expect(errors).toBe(1);
    expect(messages).toEqual([{ kind: 'accepted' }]);
  });

  it('a non-ASCII byte inside a line spoils that whole line', () => {
    const { messages, errors } = summary(pushAll([new Uint8Array([0x53, 0xc3, 0xa9]), 'OK\n', 'OK\n']));
    expect(errors).toBeGreaterThanOrEqual(1);
    expect(messages).toEqual([{ kind: 'accepted' }]);
  });

  it('no byte stream, however chunked, makes the line decoder throw, and every report it gives has a real heat level [1000 runs]', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 30 }), { maxLength: 10 }), (chunks) => {
        for (const outcome of pushAll(chunks)) {
          if (outcome.ok && outcome.value.kind === 'report') {
            expect(outcome.value.report.heat).toBeGreaterThanOrEqual(0);
            expect(outcome.value.report.heat).toBeLessThanOrEqual(HEAT_CELSIUS.length);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
