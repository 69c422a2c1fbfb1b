import { describe, expect, it } from 'vitest';
import { builtInProfile } from '../../../../src/core/profile/builtin.js';
import { effectiveCapabilities } from '../../../../src/core/profile/narrowing.js';
import type { DeviceProfile } from '../../../../src/core/profile/types.js';
import { createCodec } from '../../../../src/core/protocol/codec.js';
import { createDiyBoardDecoder } from '../../../../src/core/protocol/diy-board.js';
import type { DecodeOutcome, DeviceMessage } from '../../../../src/core/protocol/messages.js';
import { resolveCaps, withinDeviceRanges } from '../../../../src/core/safety/resolve.js';
import { presetById } from '../../../../src/core/safety/presets.js';
import { vetAskRanges } from '../../../../src/core/safety/vet.js';
import { restrictionsFor, type ScreeningAnswers } from '../../../../src/core/safety/screening.js';

const profile = builtInProfile('diy-board') as DeviceProfile;
const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function decode(...chunks: (string | Uint8Array)[]): DecodeOutcome[] {
  const decoder = createDiyBoardDecoder(profile);
  return chunks.flatMap((chunk) => decoder.push(typeof chunk === 'string' ? text(chunk) : chunk));
}

function messages(...chunks: string[]): DeviceMessage[] {
  return decode(...chunks).map((outcome) => {
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value;
  });
}

/** A screening with every answer no. */
const NO_ANSWERS_YES = { answers: {} as ScreeningAnswers['answers'], clotClearedByClinician: false, answeredAt: 0 };

const STATE = 'ST A1 V3 N1,1 H38 G1 T36.4 S840 E600 F0 X-';

describe('DIY board lines: what the app reads', () => {
  it('a state line gives every output, the session, the reading and the faults', () => {
    const [message] = messages(`${STATE}\n`);
    expect(message).toMatchObject({
      kind: 'report',
      report: {
        vibration: 3,
        kneading: 1,
        direction: 'counterclockwise',
        heat: 5, // 38 °C is the fifth step from 34
        heaterC: 36.4,
        sessionArmed: true,
        sessionSecondsLeft: 840,
        heatSecondsLeft: 600,
        lastStop: 'none',
      },
    });
  });

  it('fields a later version adds after X are ignored, so a newer board still reads', () => {
    const [message] = messages(`${STATE} Q7 Z1,2\n`);
    expect(message?.kind).toBe('report');
  });

  it.each([
    ['a missing field', 'ST A1 V3 N1,1 H38 G1 T36.4 S840 F0 X-'],
    ['a field out of order', 'ST V3 A1 N1,1 H38 G1 T36.4 S840 E600 F0 X-'],
    ['a setpoint the board cannot have', 'ST A1 V3 N1,1 H45 G1 T36.4 S840 E600 F0 X-'],
    ['a garbled reading', 'ST A1 V3 N1,1 H38 G1 T3x.4 S840 E600 F0 X-'],
    ['an armed flag that is neither 0 nor 1', 'ST A2 V3 N1,1 H38 G1 T36.4 S840 E600 F0 X-'],
    ['fault bits no sum of the protocol gives', 'ST A1 V3 N1,1 H38 G1 T36.4 S840 E600 F64 X-'],
    ['a stop cause word the protocol does not have', 'ST A1 V3 N1,1 H38 G1 T36.4 S840 E600 F0 Xbogus'],
    ['junk glued to X', 'ST A1 V3 N1,1 H38 G1 T36.4 S840 E600 F0 X-junk'],
  ])('a state line with %s is refused, never shown as device state', (_name, line) => {
    const [outcome] = decode(`${line}\n`);
    expect(outcome?.ok).toBe(false);
  });

  it('no plausible reading (T--) is a sensor fault; runaway and stuck heater are faults that end a session', () => {
    const [none] = messages('ST A0 V0 N0,0 H0 G0 T-- S0 E0 F2 Xsensor\n');
    expect(none).toMatchObject({ kind: 'report', report: { heaterC: null, faults: { sensorFault: true }, lastStop: 'sensor-fault' } });
    const [runaway] = messages('ST A0 V0 N0,0 H0 G0 T31.0 S0 E0 F4 Xrunaway\n');
    expect(runaway).toMatchObject({ report: { faults: { sensorFault: true } } });
    const [stuck] = messages('ST A0 V0 N0,0 H0 G0 T39.0 S0 E0 F8 Xstuck\n');
    expect(stuck).toMatchObject({ report: { faults: { overTemperature: true } } });
  });

  it('the board’s STOP button is a button stop (journaled as device-button), and every other cause has its word', () => {
    expect(messages('STOP button\n')).toEqual([{ kind: 'stopped', cause: 'button' }]);
    const causes = ['cmd', 'watchdog', 'link', 'deadline', 'new', 'hot', 'sensor', 'runaway', 'stuck', 'overrun'];
    expect(messages(...causes.map((c) => `STOP ${c}\n`)).map((m) => (m.kind === 'stopped' ? m.cause : m.kind))).toEqual([
      'stop-command',
      'link-loss',
      'link-loss',
      'deadline',
      'new-session',
      'over-temperature',
      'sensor-fault',
      'sensor-fault',
      'over-temperature',
      'unknown',
    ]);
  });

  it('MSG UNPLUG THE PAD is an instruction for the person, not a line to skip', () => {
    expect(messages('STOP stuck\nMSG UNPLUG THE PAD\n')).toEqual([
      { kind: 'stopped', cause: 'over-temperature' },
      { kind: 'instruction', instruction: 'unplug-pad' },
    ]);
  });

  it('OK, ERR with its reason, and BOOT with why the chip reset', () => {
    expect(messages('OK\nERR range\nERR session\nBOOT watchdog 1.0.0\n')).toEqual([
      { kind: 'accepted' },
      { kind: 'rejected', rejection: 'out-of-range' },
      { kind: 'rejected', rejection: 'no-session' },
      { kind: 'booted', cause: 'watchdog', version: '1.0.0' },
    ]);
  });

  it('a line split across notifications is read once it is whole, and two lines merged in one are both read', () => {
    expect(messages('ST A1 V3 N1,1 H38 G1', ' T36.4 S840 E600 F0 X-', '\nOK\nSTOP b', 'utton\n').map((m) => m.kind)).toEqual([
      'report',
      'accepted',
      'stopped',
    ]);
  });

  it('a partial line past 64 bytes is dropped with an error, and the next line still reads', () => {
    const outcomes = decode('X'.repeat(70), '\nOK\n');
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(1);
    expect(outcomes.at(-1)).toEqual({ ok: true, value: { kind: 'accepted' } });
  });

  it('binary noise fails closed: an error, and the rest of that line is never read as a message', () => {
    const outcomes = decode(Uint8Array.of(0x53, 0x54, 0x00, 0xff), ' A1 V9 N3,0 H40 G1 T36.4 S840 E600 F0 X-\nOK\n');
    expect(outcomes[0]?.ok).toBe(false);
    expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, value: { kind: 'accepted' } }]);
  });
});

describe('DIY board CAP: the app never sends more than the smaller of profile and board', () => {
  function ranges(line: string) {
    const [message] = messages(`${line}\n`);
    if (message?.kind !== 'ranges') throw new Error(`not a CAP line: ${line}`);
    return message;
  }

  it('the reference board’s CAP is the profile’s own ranges', () => {
    const cap = ranges('CAP V10 N3 H34-40 S1200');
    expect(effectiveCapabilities(profile.capabilities, cap.capabilities)).toEqual(profile.capabilities);
    expect(cap.sessionSeconds).toBe(1200);
  });

  it('a board reporting fewer levels, speeds and a cooler top is used at the board’s ranges', () => {
    const cap = ranges('CAP V6 N1 H34-37 S600');
    const narrowed = effectiveCapabilities(profile.capabilities, cap.capabilities);
    expect(narrowed.vibration).toEqual({ steps: 6 });
    expect(narrowed.kneading).toEqual({ speeds: 1, reversible: true });
    expect(narrowed.heat?.levels.map((l) => l.celsius)).toEqual([34, 35, 36, 37]);
    // And a session on it: caps, and the limits line the board gets, stay within its ranges.
    const caps = withinDeviceRanges(resolveCaps(presetById('everyday'), restrictionsFor(NO_ANSWERS_YES), narrowed), cap.sessionSeconds);
    expect(caps.maxVibration).toBeLessThanOrEqual(6);
    expect(caps.maxKneading).toBeLessThanOrEqual(1);
    expect(caps.maxHeat).toBeGreaterThan(0);
    expect(caps.maxHeatC).toBeLessThanOrEqual(37);
    expect(caps.sessionMs).toBeLessThanOrEqual(600_000);
    expect(caps.heatMs).toBeLessThanOrEqual(600_000);
  });

  it('a board with no heater (H0) gets no heat at all, whatever the profile says', () => {
    const cap = ranges('CAP V10 N3 H0 S1200');
    expect(effectiveCapabilities(profile.capabilities, cap.capabilities).heat).toBeNull();
  });

  it('a board claiming more than the profile gains nothing', () => {
    const cap = ranges('CAP V99 N9 H30-45 S9999');
    expect(effectiveCapabilities(profile.capabilities, cap.capabilities)).toEqual(profile.capabilities);
  });

  it.each(['CAP V10 N3 H40-34 S1200', 'CAP V10 N3 S1200', 'CAP V10 N3 H34-40 S12000', 'CAP V10 N3 H34-40'])(
    'a malformed CAP (%s) is refused, so the profile alone decides',
    (line) => {
      expect(decode(`${line}\n`)[0]?.ok).toBe(false);
    },
  );
});

describe('DIY board profiles: what goes on the wire', () => {
  it.each(['diy-board', 'diy-board-nus'])('%s: every line fits one 20-byte write, the longest limits line included', (id) => {
    const codec = createCodec(builtInProfile(id) as DeviceProfile);
    expect(codec.maxWriteBytes).toBe(20);
    const greeting = codec.encode(vetAskRanges());
    expect(greeting.ok && new TextDecoder().decode(greeting.value[0]?.bytes)).toBe('\n?\n');
    const longest = codec.encode({
      kind: 'limits',
      limits: { maxVibration: 10, maxKneading: 3, maxHeatC: 40, sessionSeconds: 1200, heatSeconds: 1200 },
    } as never);
    expect(longest.ok && longest.value[0]?.bytes.length).toBe(19);
    const stop = codec.encode({ kind: 'stop' } as never);
    expect(stop.ok && new TextDecoder().decode(stop.value[0]?.bytes)).toBe('\nS\n');
  });
});
