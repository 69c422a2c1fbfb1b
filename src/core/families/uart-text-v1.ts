import { createUartDecoder } from '../protocol/uart-text.js';
import type { DeviceFamilyModule } from './family.js';

/** Text lines over the Nordic UART service, no limits on the device (devices/uart-massager/PROTOCOL.md). */
export const uartTextV1: DeviceFamilyModule = {
  templateKind: 'text',
  createStateDecoder(profile) {
    return createUartDecoder((profile.capabilities.heat?.levels ?? []).map((l) => l.celsius));
  },
};
