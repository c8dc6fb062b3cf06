/**
 * Which cards a print holds, said the way the office says it: a class or a care group found by its name (an id
 * still works), and the PDF named for what it holds (接力卡片-一年级1班.pdf, 接力卡片-全校-接送卡.pdf …).
 */
import type { Roster } from '../core/roster';

interface Named {
  id: string;
  name: string;
}

/** Spaces gone, full-width digits and brackets as ASCII (NFKC): `三年级１班（本班看护）` finds `三年级1班(本班看护)`. */
const plain = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

export type Found = { ok: true; id: string; name: string } | { ok: false; candidates: string[] };

/**
 * A class or group by its id, its exact name, or the one name that contains what was typed; otherwise the names
 * that could be meant (those containing it), or all of them when none does.
 *
 * @example findNamed(roster.classes, '一年级1班') // { ok: true, id: 'c1-1', name: '一年级1班' }
 */
export function findNamed(items: readonly Named[], text: string): Found {
  const want = plain(text);
  const hit =
    items.find((x) => x.id === text.trim()) ??
    items.find((x) => plain(x.name) === want) ??
    (() => {
      const partial = want ? items.filter((x) => plain(x.name).includes(want)) : [];
      return partial.length === 1 ? partial[0] : undefined;
    })();
  if (hit) return { ok: true, id: hit.id, name: hit.name };
  const partial = want ? items.filter((x) => plain(x.name).includes(want)) : [];
  return { ok: false, candidates: (partial.length ? partial : items).map((x) => x.name) };
}

export interface CardScope {
  classId?: string;
  groupId?: string;
  studentIds?: string[];
  guardians?: boolean;
}

/** What a print holds in words: 全校, a class's or group's name, a child's name, or how many children. */
export function scopeWords(roster: Roster, scope: CardScope): string {
  const parts: string[] = [];
  const cls = scope.classId && roster.classes.find((c) => c.id === scope.classId);
  const grp = scope.groupId && roster.groups.find((g) => g.id === scope.groupId);
  if (cls) parts.push(cls.name);
  if (grp) parts.push(grp.name);
  if (scope.studentIds) {
    const kids = roster.students.filter((s) => scope.studentIds!.includes(s.id));
    parts.push(kids.length === 1 ? kids[0]!.name : `${kids.length}名学生`);
  }
  return parts.length ? parts.join('-') : '全校';
}

/** The PDF's name: 接力卡片-<what it holds>.pdf, with -接送卡 for guardians' pickup cards; no character a file may not have. */
export function cardsFileName(roster: Roster, scope: CardScope): string {
  const words = `接力卡片-${scopeWords(roster, scope)}${scope.guardians ? '-接送卡' : ''}`;
  const safe = [...words].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
  return `${safe}.pdf`;
}

/**
 * `Content-Disposition` for a download named in Chinese (RFC 6266 with RFC 5987's `filename*`): an ASCII name for
 * a client that reads only `filename`, the real one UTF-8 and percent-encoded for every other.
 *
 * @example attachment('接力卡片-全校.pdf', 'relay-cards.pdf')
 * // `attachment; filename="relay-cards.pdf"; filename*=UTF-8''%E6%8E%A5%E5%8A%9B%E5%8D%A1%E7%89%87-%E5%85%A8%E6%A0%A1.pdf`
 */
export function attachment(fileName: string, asciiFallback: string): string {
  const fallback = asciiFallback.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The ASCII stand-in for a print's name: relay-cards-<id>[-guardians].pdf. */
export function cardsAsciiName(scope: CardScope): string {
  const what = scope.classId ?? scope.groupId ?? (scope.studentIds ? 'students' : '');
  return `relay-cards${what ? `-${what}` : ''}${scope.guardians ? '-guardians' : ''}.pdf`;
}
