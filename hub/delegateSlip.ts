/**
 * 临时代接 (DG1) from the office: the arrangement for one day, with a one-day pickup code when asked for. The
 * code is drawn here (crypto.randomInt), put into the event only as its keyed hash (core/delegation.ts), and
 * answered once with an A6 slip to print or photograph; nothing on the hub keeps it, so it is never shown again.
 */
import { randomInt, randomUUID } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { findCjkFont } from '../cards/cardsPdf';
import { qrBitmap } from '../cards/qrBitmap';
import { cardKeyFromHex } from '../core/cardHash';
import { delegateCodeHash, delegateCodeText, delegatePayload } from '../core/delegation';
import { problem } from '../core/messages';
import type { Bilingual } from '../core/messages';
import { badDay } from '../core/periodWords';
import type { Roster } from '../core/roster';
import type { HubContext } from './hubContext';
import type { AreaHandlers } from './http';
import { ingest, OFFICE_DEVICE_ID } from './ingest';

const DAY: Bilingual = { zh: '日期', en: 'The date' };

/** Why the adult's name or relation cannot be kept, in a clerk's words; undefined when it can. */
function personProblem(collectedBy: string, relation: string): Bilingual | undefined {
  if (!collectedBy.trim()) return { zh: '请写明来接孩子的人', en: 'Write the name of the adult who comes' };
  if (collectedBy.trim().length > 64) return { zh: '接送人最多 64 个字', en: 'The name: at most 64 characters' };
  if (relation.trim().length > 16)
    return { zh: '关系最多 16 个字，如 邻居', en: 'The relation: at most 16 characters' };
  return undefined;
}

export function delegateRoutes(ctx: HubContext): AreaHandlers<'delegate'> {
  const { ingestDeps, clock } = ctx;
  return {
    delegate: async ({ body: r }) => {
      const bad = badDay(r.day, DAY) ?? personProblem(r.collectedBy, r.relation);
      if (bad)
        return {
          results: [{ id: null, status: 'rejected', problem: { ...problem('malformed'), ...bad } }],
          hubTime: clock(),
        };
      const code = r.withCode ? delegateCodeText(randomInt(0, 1_000_000)) : undefined;
      const relation = r.relation.trim();
      const event = {
        id: randomUUID(),
        day: r.day,
        deviceId: OFFICE_DEVICE_ID,
        staffId: r.staffId,
        deviceTime: clock(),
        clockOffsetMs: 0,
        type: 'arrangement_recorded',
        studentId: r.studentId,
        arrangement: {
          kind: 'delegate',
          collectedBy: r.collectedBy.trim(),
          ...(relation ? { relation } : {}),
          ...(code ? { codeHash: delegateCodeHash(cardKeyFromHex(ctx.access.cardKey), r.day, r.studentId, code) } : {}),
        },
        note: r.note,
      };
      const result = await ingest(ingestDeps, { kind: 'office' }, [event]);
      if (!code || result.results[0]?.status !== 'stored') return result;
      const slip = await renderDelegateSlip(ctx.rosters.roster, {
        day: r.day,
        studentId: r.studentId,
        collectedBy: r.collectedBy.trim(),
        relation,
        code,
      });
      return { ...result, code, slipPdf: slip.toString('base64') };
    },
  };
}

const MM = 72 / 25.4;

export interface SlipData {
  day: string;
  studentId: string;
  collectedBy: string;
  relation: string;
  code: string;
}

/**
 * The slip on A6 (105 × 148 mm): the school, the day, who collects whom, the code in large digits and its QR,
 * which carries only `RD<day><code>` (no name). For the adult to hand to the gate, or photograph on a screen.
 */
export function renderDelegateSlip(roster: Roster, d: SlipData, font = findCjkFont()): Promise<Buffer> {
  const student = roster.students.find((s) => s.id === d.studentId);
  const className = roster.classes.find((c) => c.id === student?.classId)?.name ?? '';
  const doc = new PDFDocument({
    size: 'A6',
    margin: 0,
    info: { Title: '接力 · 临时代接接送条 One-day pickup slip', Creator: 'Relay' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', font.file, font.face);
  const w = 105 * MM;
  const x = 8 * MM;
  const width = w - 16 * MM;
  const text = (s: string, y: number, max: number, colour = '#000000') => {
    // A long name shrinks to the slip's width instead of running off it.
    let size = max;
    while (size > 6 && doc.font('cjk').fontSize(size).widthOfString(s) > width) size -= 0.5;
    doc.font('cjk').fontSize(size).fillColor(colour).text(s, x, y, { width, align: 'center', lineBreak: false });
  };
  text(roster.school.name, 7 * MM, 10, '#333333');
  text('临时代接 接送条', 13 * MM, 16);
  text('One-day pickup slip', 20 * MM, 8, '#444444');
  text(`${d.day} 当天有效，只能用一次`, 26 * MM, 9, '#b00020');
  const who = `${d.collectedBy}${d.relation ? `（${d.relation}）` : ''}`;
  text(`接送人：${who}`, 33 * MM, 11);
  text(`接：${student?.name ?? ''} ${className}`.trim(), 39.5 * MM, 11);
  // The QR: one bitmap pixel a module, drawn as vector squares so it prints sharp.
  const qr = qrBitmap(delegatePayload(d.day, d.code), 1);
  const size = 52 * MM;
  const m = size / qr.width;
  const qx = (w - size) / 2;
  const qy = 47 * MM;
  doc.save().rect(qx, qy, size, size).fill('#ffffff');
  for (let r = 0; r < qr.height; r++)
    for (let c = 0; c < qr.width; c++) if (qr.pixels[r * qr.width + c] === 0) doc.rect(qx + c * m, qy + r * m, m, m);
  doc.fill('#000000').restore();
  doc
    .font('Helvetica-Bold')
    .fontSize(30)
    .fillColor('#000000')
    .text(`${d.code.slice(0, 3)} ${d.code.slice(3)}`, x, 103 * MM, {
      width,
      align: 'center',
      lineBreak: false,
      characterSpacing: 3,
    });
  text('接送码：在校门出示此条或报出 6 位数字', 118 * MM, 9, '#333333');
  text('Show this slip at the gate, or say the 6 digits', 124 * MM, 7.5, '#444444');
  text('请勿转给他人 · Do not pass it on', 132 * MM, 8, '#666666');
  doc.end();
  return done;
}
