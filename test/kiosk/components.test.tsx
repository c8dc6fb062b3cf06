/** The kiosk's screens rendered to HTML: what a teacher reads, in Chinese first and English second. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KioskView } from '../../kiosk/lib/kioskModel';
import { VerdictPanel } from '../../kiosk/ui/ScanPanels';
import { tinyRoster } from '../core/fixtures';

const roster = tinyRoster();
const base: KioskView = {
  phase: 'ready',
  day: '2026-11-24',
  roster,
  sync: { online: true, unsent: 0, lastSync: null, clockOffsetMs: 0, revoked: false, rejected: 0 },
  rejected: [],
};

describe('verdict panel', () => {
  it('shows the child large with class and group, and the verdict in both languages, coloured by level', () => {
    const html = renderToStaticMarkup(
      <VerdictPanel
        view={{
          ...base,
          verdict: {
            level: 'warn',
            title: { zh: '不是本组！', en: 'Wrong group' },
            student: roster.students[0]!,
            events: [],
            at: 1,
          },
        }}
      />,
    );
    expect(html).toContain('class="verdict warn"');
    expect(html).toContain('张小明');
    expect(html).toContain('一年级1班 · 一(1)班本班');
    expect(html).toMatch(/不是本组！.*Wrong group/);
  });

  it('a repeat of the same card says "already recorded"', () => {
    const html = renderToStaticMarkup(
      <VerdictPanel
        view={{
          ...base,
          verdict: {
            level: 'ok',
            title: { zh: '签到', en: 'Checked in' },
            student: roster.students[0]!,
            events: [],
            at: 1,
            repeat: true,
          },
        }}
      />,
    );
    expect(html).toContain('已记录');
    expect(html).not.toContain('签到');
  });

  it('names are shown as text, never as markup', () => {
    const hostile = { ...roster.students[0]!, name: '<img src=x onerror=alert(1)>' };
    const html = renderToStaticMarkup(
      <VerdictPanel
        view={{
          ...base,
          verdict: { level: 'ok', title: { zh: '签到', en: 'Checked in' }, student: hostile, events: [], at: 1 },
        }}
      />,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });

  it('before any scan it asks for a card', () => {
    expect(renderToStaticMarkup(<VerdictPanel view={base} />)).toContain('请扫描学生卡');
  });
});
