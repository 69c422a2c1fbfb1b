import { describe, expect, it } from 'vitest';
import openMassagerJson from '../../../devices/open-massager/profile.json';
import { BUILT_IN_PROFILES } from '../../../src/core/profile/builtin.js';
import { parseImportedProfile } from '../../../src/core/profile/narrowing.js';
import { NORDIC_UART } from '../../../src/core/protocol/uart-text.js';
import { requestOptions } from '../../../src/transport/web-bluetooth.js';

/** The filters of a request: every request this app makes has them (it never asks for all devices). */
function filtersOf(profiles: Parameters<typeof requestOptions>[0]): readonly BluetoothLEScanFilter[] {
  const options = requestOptions(profiles);
  return 'filters' in options ? options.filters : [];
}

describe('what the chooser is asked to offer', () => {
  it('both built-in families are offered, and their services may be opened once chosen', () => {
    const options = requestOptions(BUILT_IN_PROFILES);
    expect(filtersOf(BUILT_IN_PROFILES)).toEqual(
      expect.arrayContaining([{ namePrefix: 'EB-UART' }, { services: [NORDIC_UART.service] }, { namePrefix: 'Easeback' }]),
    );
    expect(options.optionalServices).toEqual(expect.arrayContaining([NORDIC_UART.service, BUILT_IN_PROFILES[0]?.gatt.service]));
  });

  it('an imported profile’s name prefix joins the filters, so a massager only it knows is offered', () => {
    const imported = parseImportedProfile(
      { ...openMassagerJson, id: 'backbuddy', name: 'Backbuddy', match: { namePrefixes: ['Backbuddy'], services: [] } },
      BUILT_IN_PROFILES,
    );
    if (!imported.ok) throw new Error(imported.error.message);
    expect(filtersOf(BUILT_IN_PROFILES)).not.toContainEqual({ namePrefix: 'Backbuddy' });
    expect(filtersOf([...BUILT_IN_PROFILES, imported.value])).toContainEqual({ namePrefix: 'Backbuddy' });
  });
});
