import { PinState } from 'avr8js';
import { describe, expect, it } from 'vitest';
import { DiyBoard, RealTimeStepper, type PadModel } from '../../../src/sim/avr/board.js';
import { CPU_HZ, Chip } from '../../../src/sim/avr/chip.js';
import { IntelHexError, parseIntelHex } from '../../../src/sim/avr/intel-hex.js';
import { vectorCounts } from '../../../src/sim/avr/ntc.js';
import { freshBoard, loadFirmware } from './vectors.js';

/**
 * What the vectors cannot say: the chip itself (its watchdog, its resets, how fast a stop line
 * reaches the pins), and the pad's thermal model driving the thermistor. All on the committed
 * binary (firmware/easeback-diy.hex).
 */
const flash = loadFirmware();

/** A quick pad (time constant 60 s) so that minutes of heating fit in a unit test. */
const QUICK_PAD: PadModel = { surroundingsC: 30, heaterWatts: 10, kelvinPerWatt: 2, joulesPerKelvin: 30 };

function send(board: DiyBoard, line: string, ms = 60): void {
  board.writeSerial(`${line}\n`);
  board.runFor(ms);
}

function runWithKeepalives(board: DiyBoard, ms: number, each: (board: DiyBoard) => void = () => undefined): void {
  for (let t = 0; t < ms; t += 1500) {
    board.writeSerial('K\n');
    for (let i = 0; i < 15 && t + i * 100 < ms; i++) {
      board.runFor(100);
      each(board);
    }
  }
}

/** Runs until every byte has reached the board and its output has been silent for 40 ms. */
function runUntilQuiet(board: DiyBoard, eachMs: () => void = () => undefined): void {
  let lastOut = board.nowMs;
  board.onSerialOut = () => {
    lastOut = board.nowMs;
  };
  const end = board.nowMs + 30_000;
  while (board.nowMs < end && (board.serialBacklog > 0 || board.nowMs - lastOut < 40)) {
    board.runFor(1);
    eachMs();
  }
  board.onSerialOut = null;
}

describe('DIY board binary: the chip', () => {
  it('a hung main loop is reset by the chip watchdog, which starts with every output off and says why', () => {
    const board = freshBoard(flash);
    send(board, 'L5,2,40,900,900');
    send(board, 'V3');
    send(board, 'N1,0');
    expect(board.pins().vibrationDuty).toBe(76);
    board.hangMainLoop();
    board.runUntil(() => board.resets.length > 0, 1000);
    expect(board.resets.map((r) => r.cause)).toEqual(['watchdog']);
    board.runFor(100);
    expect(board.allOutputsLow()).toBe(true);
    expect(board.lines).toContain('BOOT watchdog 1.0.0');
    // No reset loop, and nothing restarts: the session is gone.
    board.runFor(3000);
    expect(board.resets).toHaveLength(1);
    board.lines.length = 0;
    send(board, 'V3');
    expect(board.lines[0]).toBe('ERR session');
    expect(board.allOutputsLow()).toBe(true);
  });

  it('a power cycle mid-session starts with every output off, reports a power-on, and holds no session', () => {
    const board = freshBoard(flash);
    send(board, 'L5,2,40,900,900');
    send(board, 'V5');
    send(board, 'H38');
    expect(board.pins().heater).toBe(true);
    board.powerCycle();
    expect(board.allOutputsLow()).toBe(true);
    board.runFor(200); // STATE is debounced afresh after a reset
    expect(board.lines).toContain('BOOT power 1.0.0');
    expect(board.allOutputsLow()).toBe(true);
    board.lines.length = 0;
    send(board, 'V5');
    expect(board.lines[0]).toBe('ERR session');
  });

  it('a brown-out reset is reported as one', () => {
    const board = freshBoard(flash);
    board.powerCycle('brownout');
    board.runFor(50);
    expect(board.lines).toContain('BOOT brownout 1.0.0');
    board.lines.length = 0;
    send(board, '?');
    expect(board.lines).toEqual(['CAP V10 N3 H34-40 S1200', 'BOOT brownout 1.0.0']);
  });

  it('a stop line switches every output pin low within 100 µs of its newline reaching the USART', () => {
    const board = freshBoard(flash);
    send(board, 'L10,3,40,900,900');
    send(board, 'V10');
    send(board, 'N3,1');
    send(board, 'H40');
    let newlineAt = -1;
    board.onByteReceived = (byte, cycle) => {
      if (byte === 0x0a) newlineAt = cycle;
    };
    board.writeSerial('S\n');
    while (newlineAt < 0) board.runToCycle(board.cycles + 1);
    expect(board.allOutputsLow()).toBe(false);
    while (!board.allOutputsLow()) board.runToCycle(board.cycles + 1);
    const micros = ((board.cycles - newlineAt) / CPU_HZ) * 1e6;
    expect(micros).toBeLessThanOrEqual(100);
  });

  it('the STOP button switches the output pins low within 2 ms, before the main loop has seen it', () => {
    const board = freshBoard(flash);
    send(board, 'L10,3,40,900,900');
    send(board, 'V10');
    send(board, 'N3,0');
    board.setButton(true);
    board.runFor(2);
    expect(board.allOutputsLow()).toBe(true);
  });

  // Floods: lines written faster than the board's 9600-baud replies can drain (each V line is
  // answered with about 48 bytes). The board then works through its receive ring well behind the
  // bytes arriving, and may lose bytes when the ring overflows.
  it('a flood of lines faster than the replies can drain never resets the chip', () => {
    const board = freshBoard(flash);
    send(board, 'L10,3,40,900,900');
    board.writeSerial('V3\nN1,0\nK\n'.repeat(40));
    runUntilQuiet(board);
    expect(board.resets).toEqual([]);
    expect(board.lines.filter((line) => line.startsWith('BOOT'))).toEqual([]);
  });

  it('a stop line behind a flood keeps every output off from its newline until the board has taken it', () => {
    const board = freshBoard(flash);
    send(board, 'L10,3,40,900,900');
    send(board, 'V10');
    let stopArrived = false;
    board.onByteReceived = (byte) => {
      if (byte === 0x0a && board.serialBacklog === 0) stopArrived = true; // the stop's newline is the last byte
    };
    // 10 lines (30 bytes) fit in the receive ring but take about half a second to answer.
    board.writeSerial(`${'V5\n'.repeat(10)}\nS\n`);
    let onAfterStop = 0;
    runUntilQuiet(board, () => {
      if (stopArrived && !board.allOutputsLow()) onAfterStop++;
    });
    expect(board.lines).toContain('STOP cmd');
    expect(board.lines).not.toContain('STOP overrun');
    expect(onAfterStop).toBe(0);
  });

  it('a limits line ahead of a stop that an overrun lost never arms a session after it', () => {
    // Where the ring overflows depends on the flood's length: try a spread of them.
    const results: string[] = [];
    for (let filler = 8; filler <= 24; filler += 4) {
      const board = freshBoard(flash);
      board.writeSerial(`${'V0\n'.repeat(filler)}L10,3,40,900,900\n\nS\n${'V0\n'.repeat(8)}`);
      runUntilQuiet(board);
      board.lines.length = 0;
      send(board, '\nV3'); // the newline ends whatever partial line the lost bytes left
      const reply = board.lines.filter((line) => /^(OK|ERR)/.test(line)).at(-1);
      results.push(`${filler}: ${reply}${board.allOutputsLow() ? '' : ', an output on'}`);
    }
    expect(results.filter((r) => !r.endsWith(': ERR session'))).toEqual([]);
  });

  it("a byte the chip's USART lost (a data overrun, DOR0) stops every output and says so", () => {
    const board = freshBoard(flash);
    send(board, 'L10,3,40,900,900');
    send(board, 'V10');
    send(board, 'N3,1');
    expect(board.pins().vibrationDuty).toBe(255);
    board.lines.length = 0;
    // Three bytes in the same cycle: the two-level receive buffer holds two, the third (the
    // newline that would end this line) is lost and DOR0 is set, as silicon does when the
    // firmware has not read UDR0 for two character times.
    for (const byte of [0x56, 0x35, 0x0a]) board.chip.receiveByte(byte);
    expect(board.serialReceiveStats.overruns).toBe(1);
    board.runFor(20);
    expect(board.allOutputsLow()).toBe(true);
    expect(board.lines).toContain('STOP overrun');
    send(board, 'V10');
    expect(board.lines.at(-1)).toBe('ERR session'); // nothing restarts: a new limits line is needed
    expect(board.allOutputsLow()).toBe(true);
  });

  it('the vibration duty read from the timer registers is what the pin does over time', () => {
    const board = freshBoard(flash);
    send(board, 'L5,2,40,900,900');
    send(board, 'V3');
    let high = 0;
    const samples = 20_000;
    for (let i = 0; i < samples; i++) {
      board.runToCycle(board.cycles + 17); // 17 cycles: not a divisor of the PWM period
      if (board.chip.portB.pinState(1) === PinState.High) high++;
    }
    expect(board.pins().vibrationDuty).toBe(76);
    expect(high / samples).toBeCloseTo(77 / 256, 1);
  });

  it('the sleep skip changes nothing the board does, only how fast it runs', () => {
    const script = (board: DiyBoard) => {
      const sentAt: number[] = [];
      board.onSerialOut = (byte) => {
        if (byte === 0x0a) sentAt.push(board.cycles);
      };
      send(board, 'L5,2,40,900,900');
      send(board, 'V3');
      board.runFor(1200);
      send(board, 'S');
      return { lines: [...board.lines], sentAt, ms: Math.floor(board.nowMs), pins: board.pins() };
    };
    const skipping = script(freshBoard(flash));
    const plain = new DiyBoard(flash, undefined, { sleepSkip: false });
    plain.setLink(true);
    plain.forcedCounts = vectorCounts(30); // as freshBoard
    plain.runFor(300);
    plain.lines.length = 0;
    const { sentAt: plainSentAt, ...plainRest } = script(plain);
    const { sentAt: skippingSentAt, ...skippingRest } = skipping;
    expect(plainRest).toEqual(skippingRest);
    // A sleeping CPU answers an interrupt a few cycles apart from a busy one: same lines, same ms.
    expect(plainSentAt).toHaveLength(skippingSentAt.length);
    plainSentAt.forEach((cycle, i) => expect(Math.abs(cycle - (skippingSentAt[i] ?? 0))).toBeLessThan(800));
  });
});

describe('DIY board binary: the pad thermal model at the thermistor', () => {
  it('heating through the thermal model holds the setpoint and never reaches 41 °C', () => {
    const board = new DiyBoard(flash, QUICK_PAD);
    board.setLink(true);
    board.runFor(300);
    send(board, 'L0,0,40,1200,1200');
    send(board, 'H40');
    let hottest = 0;
    runWithKeepalives(board, 100_000, (b) => (hottest = Math.max(hottest, b.padC)));
    expect(board.lines.filter((l) => l.startsWith('STOP'))).toEqual([]);
    expect(board.padC).toBeGreaterThan(39.3);
    expect(hottest).toBeLessThan(40.5);
  });

  it('a hot pad reaching 41 °C through the model is cut with every output off', () => {
    const board = new DiyBoard(flash, { ...QUICK_PAD, surroundingsC: 46 }, { padC: 39.5 });
    board.setLink(true);
    board.runFor(300);
    send(board, 'L5,2,40,900,900');
    send(board, 'V3');
    runWithKeepalives(board, 20_000);
    expect(board.lines).toContain('STOP hot');
    expect(board.allOutputsLow()).toBe(true);
  });

  it('a stuck heater MOSFET is found while switched off, with the message to unplug the pad', () => {
    const board = new DiyBoard(flash, QUICK_PAD);
    board.setLink(true);
    board.stuckHeater = true;
    board.runFor(45_000);
    expect(board.lines).toContain('STOP stuck');
    expect(board.lines).toContain('MSG UNPLUG THE PAD');
    expect(board.pins().heater).toBe(false);
    board.lines.length = 0;
    send(board, 'L5,2,40,900,900');
    expect(board.lines[0]).toBe('ERR fault');
  });

  it('a thermistor that fell off the pad is a thermal runaway while heating', () => {
    const board = new DiyBoard(flash, QUICK_PAD);
    board.setLink(true);
    board.thermistor = 'detached';
    board.runFor(300);
    send(board, 'L0,0,40,1200,1200');
    send(board, 'H40');
    runWithKeepalives(board, 125_000);
    expect(board.lines).toContain('STOP runaway');
    expect(board.lines).toContain('MSG UNPLUG THE PAD');
    expect(board.allOutputsLow()).toBe(true);
  });
});

describe('Intel HEX loader', () => {
  it('loads the committed firmware with its reset vector at 0', () => {
    expect(flash[0]).toBe(0x0c); // jmp, the first entry of the vector table
  });
  it('refuses a record with a bad checksum', () => {
    expect(() => parseIntelHex(':0100000000FE\n:00000001FF\n')).toThrow(IntelHexError);
  });
  it('refuses an image without its end record', () => {
    expect(() => parseIntelHex(':0100000000FF\n')).toThrow(/no end record/);
  });
  it('refuses data past the end of flash', () => {
    expect(() => parseIntelHex(':0100100000EF\n:00000001FF\n', 16)).toThrow(/past the end/);
  });
});

describe('DIY board: running in step with a wall clock', () => {
  it('advances by the wall time between steps, and caps a long gap instead of replaying it', () => {
    const board = freshBoard(flash);
    const stepper = new RealTimeStepper(board);
    const start = board.nowMs;
    expect(stepper.step(1000)).toBe(0);
    for (let t = 1016; t <= 2000; t += 16) stepper.step(t);
    expect(board.nowMs - start).toBeCloseTo(992, 0);
    expect(stepper.step(60_000)).toBe(100);
  });
});

describe("the emulated chip's serial receiver, as silicon has it", () => {
  const UCSR0A = 0xc0;
  const UCSR0B = 0xc1;
  const UDR0 = 0xc6;
  const RECEIVER_ON = 0x98; // RXCIE0 | RXEN0 | TXEN0, as the firmware sets it

  it('a byte that lands just before the firmware writes UCSR0B is still there to read', () => {
    // avr8js cleared the receive-complete flag on that write, and the byte was never read: the
    // stop bench's trial 2362 lost the newline after H40 that way, and ran on until the 5 s
    // keep-alive watchdog stopped it.
    const chip = new Chip(flash, 0);
    chip.cpu.writeData(UCSR0B, RECEIVER_ON);
    expect(chip.receiveByte(0x0a)).toBe(true);
    chip.cpu.writeData(UCSR0B, RECEIVER_ON | 0x20); // UDRIE0 on: a reply starts going out
    chip.cpu.writeData(UCSR0B, RECEIVER_ON); // and off again
    expect((chip.cpu.data[UCSR0A] ?? 0) & 0x80).toBe(0x80);
    expect(chip.cpu.readData(UDR0)).toBe(0x0a);
    expect((chip.cpu.data[UCSR0A] ?? 0) & 0x80).toBe(0);
  });

  it('holds two unread bytes; a third is lost and sets DOR0, never overwriting one unnoticed', () => {
    const chip = new Chip(flash, 0);
    chip.cpu.writeData(UCSR0B, RECEIVER_ON);
    for (const byte of [0x53, 0x0a, 0x4b]) chip.receiveByte(byte);
    expect(chip.rxWhileUnread).toBe(2);
    expect(chip.rxOverruns).toBe(1);
    expect((chip.cpu.data[UCSR0A] ?? 0) & 0x08).toBe(0); // DOR0 goes with the byte before the lost one
    expect(chip.cpu.readData(UDR0)).toBe(0x53);
    expect((chip.cpu.data[UCSR0A] ?? 0) & 0x88).toBe(0x88);
    expect(chip.cpu.readData(UDR0)).toBe(0x0a);
    expect((chip.cpu.data[UCSR0A] ?? 0) & 0x88).toBe(0);
  });
});
