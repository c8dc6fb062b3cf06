/**
 * A child's data only for staff: no page or API shows a name, class or phone number without an office or
 * leader session or a kiosk token; kiosks and leaders never get guardians' phone numbers; the QR codes on the
 * cards carry only a random card id; and the hub's log, after a run that touches every place where someone
 * else's text reaches it, holds no phone number.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianCards, studentCards } from '../../cards/cardData';
import {
  CARD_H_MM,
  CARD_W_MM,
  COLUMNS,
  MARGIN_X_MM,
  MARGIN_Y_MM,
  QR_MM,
  renderCardsPdf,
  ROWS,
} from '../../cards/cardsPdf';
import { parseCardId } from '../../core/cardId';
import type { Ack, DaySlice } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import type { RunningHub } from '../hub/hubProcess';
import { connectSocket, demoPairingCode, readyKiosk, startDemoHub } from '../hub/hubProcess';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import { expectCleanLog, PHONE_IN_TEXT, req } from './hubState';
import { concrete, hubRoutes } from './routes';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kiosk: { deviceId: string; token: string };
let leader: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '隐私测试平板');
  leader = (
    await req<{ token: string }>(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } })
  ).body.token;
  await req(hub, 'POST', '/api/events', {
    token: kiosk.token,
    body: { events: [checkIn(roster, enrolled(roster)[0]!, kiosk.deviceId)] },
  });
});
afterAll(async () => {
  await hub?.stop();
});

/** Whether a text holds anything personal of this roster: a child's or guardian's name, a 学号, a phone number. */
function personalIn(text: string): string | null {
  const phone = PHONE_IN_TEXT.exec(text)?.[0];
  if (phone) return `phone ${phone}`;
  for (const g of roster.guardians) if (text.includes(g.phone)) return `guardian phone of ${g.id}`;
  for (const s of roster.students) {
    if (s.name.length >= 2 && text.includes(s.name)) return `name of ${s.id}`;
    if (text.includes(`"${s.studentNo}"`)) return `学号 of ${s.id}`;
  }
  return null;
}

describe('without a session or token', () => {
  it("no API route and no page gives out a child's name, 学号 or a phone number", async () => {
    const day = todayAtSchool(roster);
    for (const route of hubRoutes().filter((r) => r.method === 'GET')) {
      const r = await req<unknown>(
        hub,
        'GET',
        `${concrete(route, { id: kiosk.deviceId })}?date=${day}&day=${day}&group=${enrolled(roster)[0]!.groupId}&from=${day}&to=${day}`,
      );
      expect(personalIn(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)), route.path).toBeNull();
      if (route.auth !== 'none') expect(r.status, route.path).toBe(401);
    }
    for (const page of [
      '/',
      '/setup',
      '/kiosk/',
      '/leader/',
      '/office/',
      '/ca.crt',
      '/kiosk/manifest.webmanifest',
      '/sw.js',
    ]) {
      const r = await req<unknown>(hub, 'GET', page);
      expect(personalIn(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)), page).toBeNull();
    }
    // nor does a socket without a token get anything
    const s = connectSocket(hub, '');
    expect((await new Promise<Error>((resolve) => s.on('connect_error', resolve))).message).toBe('unauthorized');
    s.close();
  });
});

describe("with a kiosk token or a duty leader's session", () => {
  it("no route they may read gives out a guardian's phone number; the office alone gets them", async () => {
    const day = todayAtSchool(roster);
    const phones = roster.guardians.map((g) => g.phone);
    expect(phones.length).toBeGreaterThan(100);
    for (const [who, token] of [
      ['kiosk', kiosk.token],
      ['leader', leader],
    ] as const) {
      for (const route of hubRoutes().filter((r) => r.method === 'GET' && r.auth !== 'admin')) {
        const r = await req<unknown>(hub, 'GET', `${concrete(route)}?date=${day}&day=${day}`, { token });
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        expect(
          phones.filter((p) => text.includes(p)),
          `${who} ${route.path}`,
        ).toEqual([]);
        expect(PHONE_IN_TEXT.exec(text)?.[0] ?? null, `${who} ${route.path}`).toBeNull();
      }
    }
    const s = connectSocket(hub, kiosk.token);
    try {
      const slice = (await s.timeout(10_000).emitWithAck('subscribeDay', { day, sinceSeq: 0 })) as Ack<DaySlice>;
      expect(slice.ok && slice.data.events.length).toBeGreaterThan(0);
      expect(PHONE_IN_TEXT.test(JSON.stringify(slice))).toBe(false);
    } finally {
      s.close();
    }
    const office = JSON.stringify((await req(hub, 'GET', '/api/roster', { token: admin })).body);
    expect(office).toContain(phones[0]);
    expect(personalIn(office), 'the check itself finds personal data where there is some').not.toBeNull();
  });
});

describe('cards', () => {
  it('every QR code on student and pickup cards decodes to a bare random card id: no name, 学号, class or phone', async () => {
    const cards = [...studentCards(roster, { classId: 'c1-1' }), ...guardianCards(roster, { classId: 'c1-1' })];
    expect(cards.length).toBeGreaterThan(40);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-qr-'));
    writeFileSync(path.join(dir, 'cards.pdf'), await renderCardsPdf(cards));
    const DPI = 150;
    const px = (mm: number) => Math.round((mm / 25.4) * DPI);
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', path.join(dir, 'cards.pdf'), path.join(dir, 'page')]);
    const perPage = COLUMNS * ROWS;
    const pages = Math.ceil(cards.length / perPage);
    let decoded = 0;
    for (let p = 0; p < pages; p++) {
      const file = path.join(dir, `page-${String(p + 1).padStart(String(pages).length, '0')}.png`);
      const page = PNG.sync.read(readFileSync(file));
      for (let k = 0; k < perPage && p * perPage + k < cards.length; k++) {
        const x0 = px(MARGIN_X_MM + (k % COLUMNS) * CARD_W_MM + CARD_W_MM - QR_MM - 5),
          y0 = px(MARGIN_Y_MM + Math.floor(k / COLUMNS) * CARD_H_MM + 1),
          size = px(QR_MM + 4);
        const data = new Uint8ClampedArray(size * size * 4);
        for (let y = 0; y < size; y++)
          for (let x = 0; x < size; x++) {
            const src = ((y0 + y) * page.width + (x0 + x)) * 4;
            data.set(page.data.subarray(src, src + 4), (y * size + x) * 4);
          }
        const text = jsQR(data, size, size)?.data;
        expect(text, `page ${p + 1} card ${k + 1}`).toBe(cards[p * perPage + k]!.cardId);
        expect(parseCardId(text!).ok).toBe(true);
        expect(text).toMatch(/^R[SG][0-9A-Z]{16}$/);
        expect(personalIn(text!)).toBeNull();
        decoded++;
      }
    }
    expect(decoded).toBe(cards.length);
  });
});

describe('the log', () => {
  it('after a run where phone numbers reach the hub from every side, holds none of them', async () => {
    // a tablet named with a phone number, a leader login and a PIN with a phone number for a staff id,
    // a pairing code guess, events whose free text holds phone numbers, a roster import with phones
    const code = demoPairingCode(hub);
    await req(hub, 'POST', '/api/pair', { body: { code, name: '张老师 138 0013 8000' } });
    await req(hub, 'POST', '/api/leader/login', { body: { staffId: '13900139000', pin: '1234' } });
    await req(hub, 'POST', '/api/staff/sign-in', {
      token: kiosk.token,
      body: { staffId: '+86-139-0013-9001', pin: '1234' },
    });
    await req(hub, 'POST', '/api/pair', { body: { code: '13900139', name: '13900139002' } });
    const child = enrolled(roster)[1]!;
    const ev = {
      ...checkIn(roster, child, kiosk.deviceId),
      type: 'picked_up_early',
      collectedBy: '妈妈 13900139003',
      reason: '电话 13900139004',
    };
    delete (ev as { groupId?: string }).groupId;
    await req(hub, 'POST', '/api/events', { token: kiosk.token, body: { events: [ev, { ...ev, deviceId: 'x' }] } });
    await req(hub, 'POST', '/api/admin/leave', {
      token: admin,
      body: {
        staffId: 'office-1',
        studentId: child.id,
        from: todayAtSchool(roster),
        to: todayAtSchool(roster),
        reason: 'sick',
        note: '家长电话 13900139005',
      },
    });
    const csv = `学号,姓名,年级,班级,课后服务班,接送方式,监护人,关系,电话\n${roster.students.map((s) => `${s.studentNo},${s.name},${s.grade},${s.classId.split('-')[1]}班,${roster.groups.find((g) => g.id === s.groupId)?.name ?? ''},家长接送,家长,父亲,13900139006`).join('\n')}\n`;
    const preview = await req<{ previewId: string }>(hub, 'POST', '/api/admin/roster/preview?file=r.csv', {
      token: admin,
      rawBody: Buffer.from(csv),
      headers: { 'content-type': 'text/csv' },
    });
    expect(
      (await req(hub, 'POST', '/api/admin/roster/apply', { token: admin, body: { previewId: preview.body.previewId } }))
        .status,
    ).toBe(200);
    await req(hub, 'GET', `/api/events?day=13900139007`, { token: kiosk.token });
    await req(hub, 'GET', `/kiosk/13900139008/..%2f..%2f`);
    expect(hub.output()).toMatch(/"msg":"roster imported"/);
    expect(hub.output()).toMatch(/\[phone\]/);
    expectCleanLog(hub, [admin, kiosk.token, leader]);
    for (const g of roster.guardians) expect(hub.output().includes(g.phone), g.id).toBe(false);
  });
});
