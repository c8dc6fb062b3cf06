/**
 * Stations defined once (core/stations.ts): the kiosk's form and the stored and wire form `{ kind, ref? }`, and
 * what the office may assign (CU20). What each station may record is pinned in checkEvent.test.ts and, against
 * the kiosk's scans, in test/kiosk/stationTable.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { indexRoster } from '../../core/roster';
import type { AssignedStation, Station } from '../../core/stations';
import {
  assignedFromStation,
  AssignedStationSchema,
  assignedStationProblem,
  stationFromAssigned,
  stationProblem,
} from '../../core/stations';
import { ev, manual, tinyRoster } from './fixtures';

const roster = tinyRoster();
const index = indexRoster(roster);

describe('CU20 the station and its stored form', () => {
  it('CU20 each station goes to { kind, ref } and back unchanged', () => {
    const stations: Station[] = [
      { kind: 'classroom', classId: 'c1' },
      { kind: 'care', groupId: 'g2' },
      { kind: 'gate' },
    ];
    expect(stations.map(assignedFromStation)).toEqual([
      { kind: 'classroom', ref: 'c1' },
      { kind: 'care', ref: 'g2' },
      { kind: 'gate' },
    ]);
    expect(stations.map((s) => stationFromAssigned(assignedFromStation(s)))).toEqual(stations);
  });

  it('CU20 stored stations keep loading: with a ref, a gate without, none; a wrong kind or a long ref does not', () => {
    const parse = (v: unknown) => AssignedStationSchema.nullable().safeParse(v);
    for (const stored of [{ kind: 'classroom', ref: 'c1' }, { kind: 'care', ref: 'g1' }, { kind: 'gate' }, null]) {
      expect(parse(stored)).toEqual({ success: true, data: stored });
    }
    expect(parse({ kind: 'care', ref: 'g1', extra: 1 }).data).toEqual({ kind: 'care', ref: 'g1' });
    expect(parse({ kind: 'leader' }).success).toBe(false);
    expect(parse({ kind: 'care', ref: 'g'.repeat(64) }).success).toBe(true);
    expect(parse({ kind: 'care', ref: 'g'.repeat(65) }).success).toBe(false);
  });

  it('CU20 a classroom or care room without its class or group is no station: the hub lets it record nothing', () => {
    expect(stationFromAssigned({ kind: 'classroom' })).toBeNull();
    expect(stationFromAssigned({ kind: 'care', ref: '' })).toBeNull();
    expect(stationFromAssigned(null)).toBeNull();
    expect(stationFromAssigned(undefined)).toBeNull();
    expect(stationFromAssigned({ kind: 'gate', ref: 'x' })).toEqual({ kind: 'gate' });
    const signIn = ev('staff_signed_in', '15:00', { duty: 'class' });
    const move = ev('transferred', '16:00', { studentId: 'a', source: manual, to: { kind: 'nurse' } });
    expect(stationProblem(index, signIn, { kind: 'classroom' })).toMatchObject({
      code: 'station_mismatch',
      detail: 'classroom: staff_signed_in',
    });
    expect(stationProblem(index, move, { kind: 'care' })).toMatchObject({
      code: 'station_mismatch',
      detail: 'care: transferred',
    });
    expect(stationProblem(index, signIn, { kind: 'gate', ref: 'x' })).toBeUndefined();
  });

  it('CU20 the office may assign a class or group of the roster, and the gate', () => {
    const verdict = (a: AssignedStation) => assignedStationProblem(roster, a);
    expect(verdict({ kind: 'classroom', ref: 'c2' })).toBeUndefined();
    expect(verdict({ kind: 'care', ref: 'g1' })).toBeUndefined();
    expect(verdict({ kind: 'gate' })).toBeUndefined();
    expect(verdict({ kind: 'classroom', ref: 'g1' })).toMatchObject({ code: 'malformed', detail: 'no class g1' });
    expect(verdict({ kind: 'classroom' })).toMatchObject({ code: 'malformed', detail: 'no class undefined' });
    expect(verdict({ kind: 'care', ref: 'c1' })).toMatchObject({ code: 'unknown_group', detail: 'c1' });
    expect(verdict({ kind: 'care' })).toMatchObject({ code: 'unknown_group' });
  });
});
