/**
 * A settings change saved by the office reaches an open duty leader's page: the hub pushes `rosterChanged`
 * (core/protocol.ts, HubToClientEvents) to a leader session's socket too, not only to tablets, and the roster the
 * leader then reads carries the new threshold (the page's side: test/e2e/leader-screens.e2e.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import type { RunningHub } from './hubProcess';
import { connectedSocket, request, startDemoHub } from './hubProcess';
import { DEMO_PIN } from '../../hub/demo/demoSchool';

let hub: RunningHub;
let admin: string;
let roster: Roster;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
});
afterAll(async () => {
  await hub?.stop();
});

describe('settings pushed to the duty leader', () => {
  it("a threshold saved in the office is pushed to a leader's socket, and the leader reads it", async () => {
    const login = await request<{ token: string }>(hub, 'POST', '/api/leader/login', {
      body: { staffId: 'leader-1', pin: DEMO_PIN },
    });
    expect(login.status).toBe(200);
    const socket = await connectedSocket(hub, login.body.token);
    try {
      const pushed = new Promise<{ version: number }>((resolve) => socket.once('rosterChanged', resolve));
      const saved = await request<{ version: number }>(hub, 'PUT', '/api/admin/roster/settings', {
        token: admin,
        body: { value: { ...roster.settings, transitAlertMinutes: 2 } },
      });
      expect(saved.status).toBe(200);
      expect((await pushed).version).toBe(saved.body.version);
      const read = await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: login.body.token });
      expect(read.body.roster.settings.transitAlertMinutes).toBe(2);
    } finally {
      socket.close();
    }
  });
});
