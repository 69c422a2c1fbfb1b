/**
 * Intel HEX, as avr-objcopy writes it for the DIY board's firmware (firmware/easeback-diy.hex).
 *
 * Only the record types a flat AVR image uses are taken: 00 data, 01 end of file, 02 extended
 * segment address and 04 extended linear address. A bad checksum, a record that runs past the
 * flash, an unknown record type or a missing end record is an error, never a partly loaded chip.
 */
export class IntelHexError extends Error {
  override readonly name = 'IntelHexError';
}

function byteAt(text: string, offset: number, lineNo: number): number {
  const value = Number.parseInt(text.slice(offset, offset + 2), 16);
  if (!/^[0-9a-fA-F]{2}$/.test(text.slice(offset, offset + 2))) throw new IntelHexError(`line ${lineNo}: not hexadecimal`);
  return value;
}

/** Parses `text` into a flash image of `flashBytes` bytes (unprogrammed bytes read 0xff). */
export function parseIntelHex(text: string, flashBytes = 32 * 1024): Uint8Array {
  const flash = new Uint8Array(flashBytes).fill(0xff);
  let base = 0;
  let ended = false;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '') continue;
    if (ended) throw new IntelHexError(`line ${lineNo}: data after the end record`);
    if (!line.startsWith(':') || line.length < 11 || line.length % 2 === 0) throw new IntelHexError(`line ${lineNo}: not a record`);
    const count = byteAt(line, 1, lineNo);
    if (line.length !== 11 + count * 2) throw new IntelHexError(`line ${lineNo}: length does not match its byte count`);
    const bytes: number[] = [];
    for (let i = 1; i < line.length; i += 2) bytes.push(byteAt(line, i, lineNo));
    if (bytes.reduce((sum, b) => sum + b, 0) % 256 !== 0) throw new IntelHexError(`line ${lineNo}: bad checksum`);
    const address = ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
    const type = bytes[3];
    const data = bytes.slice(4, 4 + count);
    switch (type) {
      case 0x00: {
        const start = base + address;
        if (start + count > flashBytes) throw new IntelHexError(`line ${lineNo}: past the end of flash`);
        flash.set(data, start);
        break;
      }
      case 0x01:
        ended = true;
        break;
      case 0x02:
        base = (((data[0] ?? 0) << 8) | (data[1] ?? 0)) * 16;
        break;
      case 0x04:
        base = (((data[0] ?? 0) << 8) | (data[1] ?? 0)) << 16;
        break;
      case 0x03:
      case 0x05:
        break; // start addresses: the AVR always starts at 0
      default:
        throw new IntelHexError(`line ${lineNo}: unknown record type ${String(type)}`);
    }
  }
  if (!ended) throw new IntelHexError('no end record');
  return flash;
}
