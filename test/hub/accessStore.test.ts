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

describe('CU21 staff grants: which days a tablet may record in a teacher’s name', () => {
  it('CU21 a sign-in on a tablet covers that tablet, that teacher and a week from that day; a PIN reset, a lock-out or a revocation ends it, and it survives a restart', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relay-access-'));
    const file = path.join(dir, 'access.json');
    const access = await AccessStore.open(file, () => 2);
    await access.setStaffPin('care1', '305917');
    await access.setStaffPin('care2', '305917');
    expect(access.isGranted('k1', 'care1', '2026-12-01')).toBe(false);

    expect(await access.grantStaff('k1', 'care1', '2026-12-01')).toBe('2026-12-07');
    expect(access.isGranted('k1', 'care1', '2026-12-01')).toBe(true);
    expect(access.isGranted('k1', 'care1', '2026-12-07')).toBe(true);
    expect(access.isGranted('k1', 'care1', '2026-12-08')).toBe(false);
    expect(access.isGranted('k1', 'care1', '2026-11-30')).toBe(false);
    expect(access.isGranted('k2', 'care1', '2026-12-01')).toBe(false);
    expect(access.isGranted('k1', 'care2', '2026-12-01')).toBe(false);

    // the next sign-in extends a running grant: days recorded offline before it and not yet sent stay covered
    expect(await access.grantStaff('k1', 'care1', '2026-12-05')).toBe('2026-12-11');
    expect(access.isGranted('k1', 'care1', '2026-12-02')).toBe(true);
    expect(access.isGranted('k1', 'care1', '2026-12-11')).toBe(true);
    // one that ran out is not revived by a later sign-in
    await access.grantStaff('k1', 'care2', '2026-12-01');
    await access.grantStaff('k1', 'care2', '2026-12-20');
    expect(access.isGranted('k1', 'care2', '2026-12-03')).toBe(false);
    expect(access.isGranted('k1', 'care2', '2026-12-20')).toBe(true);

    // grants that ended a week before a sign-in are dropped then
    expect(access.isGranted('k1', 'care1', '2026-12-06')).toBe(false);
    await access.grantStaff('k1', 'care1', '2026-12-20');

    const reopened = await AccessStore.open(file, () => 3);
    expect(reopened.isGranted('k1', 'care1', '2026-12-21')).toBe(true);
    expect(reopened.isGranted('k1', 'care2', '2026-12-21')).toBe(true);

    await reopened.setStaffPin('care1', '730461');
    expect(reopened.isGranted('k1', 'care1', '2026-12-21')).toBe(false);

    expect(await reopened.endGrant('k1', 'care2')).toBe(true);
    expect(reopened.isGranted('k1', 'care2', '2026-12-20')).toBe(false);
    expect(await reopened.endGrant('k1', 'care2')).toBe(false);

    const { code } = await reopened.createPairingCode();
    const paired = (await reopened.pair(code, '一楼门口'))!;
    await reopened.grantStaff(paired.device.id, 'care1', '2026-12-06');
    await reopened.grantStaff('k2', 'care1', '2026-12-06');
    expect(await reopened.revokeDevice(paired.device.id)).toBe(true);
    expect(reopened.isGranted(paired.device.id, 'care1', '2026-12-06')).toBe(false);
    expect(reopened.isGranted('k2', 'care1', '2026-12-06')).toBe(true);
  });
});
