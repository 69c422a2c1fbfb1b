import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/bytes.js';
import type { OutputCommand } from '../../../src/core/commands.js';
import { BUILT_IN_PROFILES } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { FAMILIES } from '../../../src/core/families/index.js';
import { createCodec } from '../../../src/core/protocol/codec.js';
import { firmwareFor } from '../../../src/sim/firmware-for.js';
import { unvetted } from '../support/commands.js';

/** One row of devices/<id>/cases.json (the format is described in devices/README.md). */
interface DeviceCase {
  readonly name: string;
  readonly command: OutputCommand;
  readonly endpoint?: 'control' | 'limits';
  readonly hex?: string;
  readonly line?: string;
  readonly nothing?: true;
  readonly reply?: string;
  readonly state?: Readonly<Record<string, unknown>>;
}

interface CaseFile {
  readonly profile: string;
  readonly cases: readonly DeviceCase[];
}

function casesPath(profile: DeviceProfile): URL {
  return new URL(`../../../devices/${profile.id}/cases.json`, import.meta.url);
}

function loadCases(profile: DeviceProfile): CaseFile {
  return JSON.parse(readFileSync(casesPath(profile), 'utf8')) as CaseFile;
}

const ascii = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each(BUILT_IN_PROFILES.map((profile) => [profile.id, profile] as const))('device cases of %s', (_id, profile) => {
  it('has a cases.json naming it, with a stop, and a row for every command its profile has', () => {
    expect(existsSync(casesPath(profile)), `devices/${profile.id}/cases.json`).toBe(true);
    const file = loadCases(profile);
    expect(file.profile).toBe(profile.id);
    const kinds = new Set(file.cases.map((c) => c.command.kind));
    expect(kinds).toContain('stop');
    for (const command of Object.keys(profile.commands)) expect(kinds, `a row for ${command}`).toContain(command);
  });

  it('every row encodes to exactly its bytes or line, and the simulated firmware takes it and ends in the row’s state', () => {
    const codec = createCodec(profile);
    const firmware = firmwareFor(profile.family, { now: 0, service: profile.gatt.service });
    const replies: string[] = [];
    // A text family's lines may come split across notifications (the DIY board's module sends 20 bytes at most).
    let partial = '';
    firmware.onNotify((characteristic, value) => {
      if (characteristic !== profile.gatt.state || FAMILIES[profile.family].templateKind !== 'text') return;
      const lines = (partial + ascii(value)).split('\n');
      partial = lines.pop() ?? '';
      replies.push(...lines.filter(Boolean));
    });
    firmware.connect(0);
    firmware.setNotifying(profile.gatt.state, true);
    let now = 0;
    for (const row of loadCases(profile).cases) {
      const encoded = codec.encode(unvetted(row.command));
      if (!encoded.ok) throw new Error(`${row.name}: ${encoded.error.message}`);
      const writes = encoded.value;
      if (row.nothing) {
        expect(writes, row.name).toEqual([]);
        continue;
      }
      expect(writes, row.name).toHaveLength(1);
      const write = writes[0]!;
      expect(write.endpoint, row.name).toBe(row.endpoint ?? 'control');
      if (row.hex !== undefined) expect(toHex(write.bytes), row.name).toBe(row.hex);
      if (row.line !== undefined) expect(ascii(write.bytes), row.name).toBe(row.line);
      expect(row.hex ?? row.line, `${row.name} gives hex or line`).toBeDefined();

      now += 100;
      const characteristic = write.endpoint === 'limits' ? profile.gatt.limits : profile.gatt.control;
      // Whatever the firmware says on its own as time passes is not this row's reply.
      firmware.tick(now);
      replies.length = 0;
      expect(firmware.write(characteristic ?? '', write.bytes, now), `${row.name}: ATT result`).toBe(0);
      // The reply a moment later: a board behind a 9600-baud serial line answers in milliseconds, not at once.
      firmware.tick(now + 90);
      if (row.reply !== undefined) expect(replies[0], `${row.name}: reply`).toBe(row.reply);
      expect(
        replies.filter((line) => line.startsWith('ERR')),
        `${row.name}: refusals`,
      ).toEqual([]);
      if ('lastResult' in firmware.snapshot()) expect(firmware.snapshot(), `${row.name}: firmware result`).toMatchObject({ lastResult: 0 });
      if (row.state) expect(firmware.snapshot(), `${row.name}: firmware state`).toMatchObject(row.state);
    }
  });
});
