import { describe, expect, it } from 'vitest';
import openMassagerJson from '../../../devices/open-massager/profile.json';
import { BUILT_IN_PROFILES } from '../../../src/core/profile/builtin.js';
import { parseImportedProfile } from '../../../src/core/profile/narrowing.js';
import { NORDIC_UART } from '../../../src/core/protocol/uart-text.js';
import { requestOptions } from '../../../src/transport/web-bluetooth.js';

describe('what the chooser is asked to offer', () => {
  it('both built-in families are offered, and their services may be opened once chosen', () => {
    const options = requestOptions(BUILT_IN_PROFILES);
    expect(options.filters).toEqual(
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
    expect(requestOptions(BUILT_IN_PROFILES).filters).not.toContainEqual({ namePrefix: 'Backbuddy' });
    expect(requestOptions([...BUILT_IN_PROFILES, imported.value]).filters).toContainEqual({ namePrefix: 'Backbuddy' });
  });
});
