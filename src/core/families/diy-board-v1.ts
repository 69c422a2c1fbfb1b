import { bytes } from '../bytes.js';
import { ASK_RANGES, createDiyBoardDecoder, DIY_BOARD } from '../protocol/diy-board.js';
import type { DeviceFamilyModule } from './family.js';

/**
 * Text lines over an HM-10-style or Nordic UART module to the reference firmware in firmware/,
 * which holds the session's limits itself (devices/diy-board/PROTOCOL.md).
 */
export const diyBoardV1: DeviceFamilyModule = {
  templateKind: 'text',
  createStateDecoder: createDiyBoardDecoder,
  greeting: bytes(...Array.from(ASK_RANGES, (c) => c.charCodeAt(0))),
  maxWriteBytes: DIY_BOARD.maxWriteBytes,
};
