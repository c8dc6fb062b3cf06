/**
 * 紧急点名表 on A4 (RC5): the paper roll for when tablets fail. Everyone on campus now, one section per room with
 * its count, a tick box per child, the last hand-over and, during a roll call, who is already found safe. Room
 * headers are repeated on a continued page, and every page says 第 n/N 页, so loose sheets go back in order.
 *
 * Served to the duty leader's phone (GET /api/leader/roll-call.pdf) and written by the hub itself into
 * data/roll-call/<day>-<HHMM>.pdf when it stores the start of a roll call: the office PC has the sheet even when
 * the phone that started it is lost, flat or out of reach of the Wi-Fi.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { findCjkFont } from '../../cards/cardsPdf';
import type { CustodyEvent } from '../../core/events';
import { occurredAt } from '../../core/events';
import type { RollCallSheet } from '../../core/reports/rollCallSheet';
import { rollCallSheet } from '../../core/reports/rollCallSheet';
import { addDays, localTime } from '../../core/time';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem, sendFile } from '../http';
import { nodeFileOps, replaceDurably } from '../retention';
import { problem } from '../../core/messages';

const MM = 72 / 25.4;
const PAGE_W = 210 * MM;
const PAGE_H = 297 * MM;
const MARGIN = 14 * MM;
const ROW_H = 7.5 * MM;
const FOOT = 10 * MM;
/** tick box, name, class, 学号, last hand-over, roll call */
const COLS = [
  { zh: '到', w: 10 * MM },
  { zh: '姓名', w: 30 * MM },
  { zh: '班级', w: 30 * MM },
  { zh: '学号', w: 20 * MM },
  { zh: '最后交接（谁 · 何时）', w: 61 * MM },
  { zh: '点名', w: 31 * MM },
];

/** The file's name: 紧急点名表-2026-11-24-1605.pdf */
export const rollCallFileName = (sheet: Pick<RollCallSheet, 'day' | 'at'>) =>
  `紧急点名表-${sheet.day}-${sheet.at.replace(':', '')}.pdf`;

/** The sheet as a PDF: A4 portrait, the CJK font the cards use. */
export function renderRollCallPdf(sheet: RollCallSheet, font = findCjkFont()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    info: { Title: `紧急点名表 ${sheet.school} ${sheet.day} ${sheet.at}`, Creator: 'Relay 接力' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', font.file, font.face);

  let y = 0;
  const cell = (text: string, x: number, w: number, size = 10) =>
    doc
      .fontSize(size)
      .text(text, x + 1.5 * MM, y + (ROW_H - size * 1.2) / 2 + 1, { width: w - 3 * MM, height: ROW_H, lineBreak: false, ellipsis: true });

  const newPage = () => {
    doc.addPage();
    doc.font('cjk').fillColor('#000000');
    y = MARGIN;
    doc.fontSize(15).text(`紧急点名表  ${sheet.school}  ${sheet.day}  ${sheet.at}  共 ${sheet.total} 人`, MARGIN, y, {
      width: PAGE_W - 2 * MARGIN,
      lineBreak: false,
    });
    y += 8 * MM;
    const sub = sheet.rollCall
      ? `紧急点名 ${sheet.rollCall.startedAt} 开始 · 打印时已确认安全 ${sheet.rollCall.safe} 人 · 见到学生在“到”栏打勾`
      : '见到学生在“到”栏打勾；平板恢复后以系统记录为准';
    doc.fontSize(9).fillColor('#444444').text(sub, MARGIN, y, { width: PAGE_W - 2 * MARGIN, lineBreak: false });
    doc.fillColor('#000000');
    y += 6 * MM;
  };

  const roomHeader = (title: string, n: number, continued: boolean) => {
    doc.rect(MARGIN, y, PAGE_W - 2 * MARGIN, ROW_H).fill('#e6e6e6');
    doc.fillColor('#000000');
    cell(`${title}（${n} 人）${continued ? ' · 续' : ''}`, MARGIN, PAGE_W - 2 * MARGIN, 11);
    y += ROW_H;
    let x = MARGIN;
    doc.fillColor('#444444');
    for (const c of COLS) {
      cell(c.zh, x, c.w, 8.5);
      x += c.w;
    }
    doc.fillColor('#000000');
    doc
      .moveTo(MARGIN, y + ROW_H)
      .lineTo(PAGE_W - MARGIN, y + ROW_H)
      .lineWidth(0.6)
      .stroke();
    y += ROW_H;
  };

  const fits = (rows: number) => y + rows * ROW_H <= PAGE_H - MARGIN - FOOT;

  newPage();
  if (sheet.rooms.length === 0) {
    doc.fontSize(12).text('此刻没有学生在校。 No child is on campus now.', MARGIN, y + 4 * MM);
  }
  for (const room of sheet.rooms) {
    // a room's header never stands alone at the foot of a page: it comes with at least one child
    if (!fits(3)) newPage();
    else y += 2 * MM;
    roomHeader(room.title, room.children.length, false);
    for (const child of room.children) {
      if (!fits(1)) {
        newPage();
        roomHeader(room.title, room.children.length, true);
      }
      let x = MARGIN;
      doc
        .rect(x + 3 * MM, y + (ROW_H - 4.5 * MM) / 2, 4.5 * MM, 4.5 * MM)
        .lineWidth(0.8)
        .stroke();
      x += COLS[0]!.w;
      const last = child.last ? `${child.last.what} · ${child.last.by} · ${child.last.at}` : '—';
      const texts = [child.name, child.className, child.studentNo, last, child.safe ? '已确认安全' : ''];
      texts.forEach((t, i) => {
        const col = COLS[i + 1]!;
        cell(t, x, col.w, i === 0 ? 11 : 9.5);
        x += col.w;
      });
      doc
        .moveTo(MARGIN, y + ROW_H)
        .lineTo(PAGE_W - MARGIN, y + ROW_H)
        .lineWidth(0.3)
        .strokeColor('#999999')
        .stroke()
        .strokeColor('#000000');
      y += ROW_H;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc
      .font('cjk')
      .fontSize(9)
      .fillColor('#444444')
      .text(`第 ${i + 1}/${range.count} 页 · ${sheet.school} 紧急点名表 ${sheet.day} ${sheet.at}`, MARGIN, PAGE_H - MARGIN - 4 * MM, {
        width: PAGE_W - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

/** The hub's sheet of today as the log has it now. */
async function sheetNow(ctx: HubContext): Promise<RollCallSheet> {
  const roster = ctx.rosters.roster;
  const day = ctx.today();
  const now = ctx.clock();
  const state = await ctx.days.state(day, now);
  return rollCallSheet(state, roster, now);
}

export function rollCallRoutes(ctx: HubContext): AreaHandlers<'rollCallPdf' | 'reunifyGuardians'> {
  return {
    reunifyGuardians: async ({ params }) => {
      const roster = ctx.rosters.roster;
      const day = ctx.today();
      const state = await ctx.days.state(day, ctx.clock());
      // Names only when they are needed: a child of today's roll call, at the assembly point.
      if (!state.rollCall?.participants.includes(params.id))
        throw new HttpProblem(404, {
          ...problem('not_found', params.id),
          zh: '这名学生不在今天的紧急点名中，不能在集合点交家长',
          en: 'This child is not in today’s roll call: no reunification for it',
        });
      const guardians = roster.guardians
        .filter((g) => g.studentIds.includes(params.id))
        .map((g) => ({ id: g.id, name: g.name, relation: g.relation }));
      return { guardians };
    },
    rollCallPdf: async ({ res }) => {
      const sheet = await sheetNow(ctx);
      const pdf = await renderRollCallPdf(sheet);
      const name = rollCallFileName(sheet);
      // inline: the phone's new tab shows it at once; the name is what it is saved under
      const disposition = `inline; filename="roll-call-${sheet.day}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`;
      return sendFile(res, { 'Content-Type': 'application/pdf', 'Content-Disposition': disposition }, pdf);
    },
  };
}

/** How many days the hub keeps the sheets it wrote (the copies for the office PC). */
export const KEEP_DAYS = 30;

/**
 * When the hub stores the start of a roll call (a new one, RC1: not a repeat while one runs), it writes the paper
 * roll of that moment into <data>/roll-call/<day>-<HHMM>.pdf. Always, whatever the phone's checkbox: this copy is
 * for when the phone fails. A failure to write is logged, never in the way of the roll call itself.
 */
export function rollCallCopies(ctx: HubContext, dataDir: string) {
  return (day: string, events: readonly CustodyEvent[]) => {
    const starts = events.filter((e) => e.type === 'roll_call_started');
    if (starts.length === 0 || day !== ctx.today()) return;
    void (async () => {
      try {
        const roster = ctx.rosters.roster;
        const now = ctx.clock();
        const state = await ctx.days.state(day, now);
        const started = state.rollCall?.startedAt;
        if (started === undefined || !starts.some((e) => occurredAt(e) === started)) return;
        const sheet = rollCallSheet(state, roster, now);
        const dir = path.join(dataDir, 'roll-call');
        await mkdir(dir, { recursive: true });
        const file = path.join(dir, `${day}-${localTime(started, roster.settings.timeZone).replace(':', '')}.pdf`);
        // Names on paper are kept as long as they help: sheets older than KEEP_DAYS go first (docs/privacy.md).
        const oldest = addDays(day, -KEEP_DAYS);
        for (const f of await readdir(dir))
          if (/^\d{4}-\d\d-\d\d-\d{4}\.pdf$/.test(f) && f.slice(0, 10) < oldest) await rm(path.join(dir, f));
        // Whole or not at all: written beside, then renamed (retried while Windows holds it), so the office never
        // opens a half-written sheet and a crash leaves no torn one.
        await replaceDurably(nodeFileOps, file, await renderRollCallPdf(sheet));
        ctx.logger.info('roll call sheet written', { file, children: sheet.total });
      } catch (err) {
        ctx.logger.error('roll call sheet not written', { error: String(err) });
      }
    })();
  };
}
