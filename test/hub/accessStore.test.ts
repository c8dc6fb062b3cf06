/**
 * The access store keeps loading the access.json earlier versions wrote: a device's station stays in the stored
 * form `{ kind, ref? }` (core/stations.ts, CU20), and a record written before stations existed has none.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessStore } from '../../hub/accessStore';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('access.json as stored', () => {
  it('CU20 each device keeps its station as written: classroom, care room, gate, none, or none recorded', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relay-access-'));
    const file = path.join(dir, 'access.json');
    const device = (id: string, station?: unknown) => ({
      id,
      name: id,
      tokenHash: `hash-${id}`,
      pairedAt: 1,
      revokedAt: null,
      ...(station === undefined ? {} : { station }),
    });
    const stored = [
      device('k1', { kind: 'classroom', ref: 'c1' }),
      device('k2', { kind: 'care', ref: 'g1' }),
      device('k3', { kind: 'gate' }),
      device('k4', null),
      device('k5'),
    ];
    await writeFile(file, JSON.stringify({ adminPassword: null, devices: stored, pairingCodes: [], staffPins: {} }));
    const access = await AccessStore.open(file, () => 2);
    expect(access.devices().map((d) => [d.id, d.station])).toEqual([
      ['k1', { kind: 'classroom', ref: 'c1' }],
      ['k2', { kind: 'care', ref: 'g1' }],
      ['k3', { kind: 'gate' }],
      ['k4', null],
      ['k5', null],
    ]);
    await access.updateDevice('k5', { station: { kind: 'care', ref: 'g2' } });
    const reopened = await AccessStore.open(file, () => 3);
    expect(reopened.devices().map((d) => d.station)).toEqual([
      { kind: 'classroom', ref: 'c1' },
      { kind: 'care', ref: 'g1' },
      { kind: 'gate' },
      null,
      { kind: 'care', ref: 'g2' },
    ]);
  });
});
