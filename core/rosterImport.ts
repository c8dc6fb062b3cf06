/**
 * The school's 花名册 as the office already keeps it (a table from Excel or CSV) turned into a preview: who is
 * added, changed and removed, and every bad row with its row number, column and reason in Chinese. Nothing is
 * applied while any row is bad: all or nothing. Pure: the table comes in already read (hub/roster/readTable.ts).
 */
import { makeCardId, CARD_RANDOM_BYTES } from './cardId';
import type { Guardian, PickupPlan, Roster, Student } from './roster';
import { NO_SAFETY_NOTES, RosterSchema } from './roster';
import type { Bilingual } from './messages';

export const ImportField = {
  studentNo: ['学号', '学生编号', '学籍号', 'studentno', 'student no', 'student number', 'no'],
  name: ['姓名', '学生姓名', 'name', 'student name'],
  grade: ['年级', 'grade'],
  className: ['班级', '班', 'class'],
  group: ['课后服务班', '看护班', '服务班', '托管班', '课后服务班级', 'care group', 'group'],
  pickup: ['接送方式', '离校方式', '放学方式', 'pickup'],
  bus: ['校车', '车号', '校车号', 'bus'],
  wave: ['批次', '放学批次', 'wave'],
  guardian: ['监护人', '家长', '家长姓名', '监护人姓名', 'guardian'],
  relation: ['关系', '与学生关系', 'relation'],
  phone: ['电话', '联系电话', '手机', '家长电话', '手机号', 'phone'],
  priority: ['重点关注', '特殊群体', 'priority'],
  feeWaiver: ['减免', '免费', '费用减免', '建档立卡', 'fee waiver'],
} as const;
export type FieldName = keyof typeof ImportField;

export interface RowError {
  row: number;
  column: string;
  value: string;
  reason: Bilingual;
}
/** One field of one student, in words: 班级：一年级1班 → 一年级2班. */
export interface FieldChange {
  field: string;
  label: Bilingual;
  before: string;
  after: string;
}
export interface Change {
  before: Student;
  after: Student;
  fields: string[];
  /** the same changes in words, for a person */
  diffs: FieldChange[];
}

export interface ImportPlan {
  /** 1-based row of the header in the sheet */
  headerRow: number;
  columns: Partial<Record<FieldName, string>>;
  errors: RowError[];
  added: Student[];
  changed: Change[];
  removed: Student[];
  unchanged: number;
  /** the file row (1-based) of each student number in the file */
  rowOf: Record<string, number>;
  /** classes named in the file (ids); with `onlyClassesInFile` nobody outside them is removed */
  classesInFile: string[];
  /** true when the plan keeps children of classes absent from the file */
  onlyClassesInFile: boolean;
  /** students on the roster before the import */
  before: number;
  /** the roster after the import; only meaningful when there are no errors */
  roster: Roster;
}

/**
 * An import that would remove more than a small share of the school (more than 10 % of its students, or more than
 * 20) needs the office to type the number of removals: a two-row file must never empty the school in one click.
 */
export const LARGE_REMOVAL = { share: 0.1, count: 20 } as const;
export function isLargeRemoval(removed: number, studentsBefore: number): boolean {
  return removed > LARGE_REMOVAL.count || removed > studentsBefore * LARGE_REMOVAL.share;
}

/** Full-width digits and letters to ASCII, stray and full-width spaces away: what Chinese Excel files are full of. */
export function normalizeCell(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const headerKey = (s: string) =>
  normalizeCell(s)
    .toLowerCase()
    .replace(/[\s*：:（）()]/g, '');

function findHeader(table: string[][]): { row: number; columns: Map<FieldName, number> } | null {
  for (let r = 0; r < Math.min(table.length, 15); r++) {
    const columns = new Map<FieldName, number>();
    table[r]!.forEach((cell, c) => {
      const key = headerKey(cell);
      for (const [field, names] of Object.entries(ImportField) as [FieldName, readonly string[]][]) {
        if (!columns.has(field) && names.some((n) => n.replace(/\s/g, '') === key)) columns.set(field, c);
      }
    });
    if (columns.has('studentNo') && columns.has('name')) return { row: r, columns };
  }
  return null;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
function chineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  if (/^十[一二三四五六七八九]$/.test(s)) return 10 + CN_DIGITS[s[1]!]!;
  if (/^[一二三四五六七八九]十?[一二三四五六七八九]?$/.test(s))
    return s.length === 1 ? CN_DIGITS[s]! : CN_DIGITS[s[0]!]! * 10 + (s[2] ? CN_DIGITS[s[2]]! : 0);
  return undefined;
}

const STAGE: Record<string, number> = { 初: 6, 高: 9 };
/** '一年级', '1年级', '1', '一', 'Grade 3' → 1 … 12; '初一' … '初三' → 7 … 9, '高一' … '高三' → 10 … 12 */
export function parseGrade(text: string): number | undefined {
  const stage = /^([初高])([一二三123])(?:年级)?$/.exec(normalizeCell(text).replace(/\s/g, ''));
  if (stage) return STAGE[stage[1]!]! + chineseNumber(stage[2]!.replace(/[一二三]/, (c) => String(CN_DIGITS[c])))!;
  const m = /^(?:grade\s*)?([0-9一二三四五六七八九十]+)\s*(?:年级)?$/i.exec(normalizeCell(text));
  const n = m ? chineseNumber(m[1]!) : undefined;
  return n !== undefined && n >= 1 && n <= 12 ? n : undefined;
}

/** '1班', '(1)班', '一年级(2)班', '3' → { grade?, number } */
export function parseClass(text: string): { grade?: number; number: number } | undefined {
  const t = normalizeCell(text).replace(/\s/g, '');
  const m = /^(?:([0-9一二三四五六七八九十]+)年级)?[(（]?([0-9一二三四五六七八九十]+)[)）]?班?$/.exec(t);
  if (!m) return undefined;
  const number = chineseNumber(m[2]!);
  const grade = m[1] ? chineseNumber(m[1]) : undefined;
  if (number === undefined || number < 1 || number > 30) return undefined;
  return { ...(grade !== undefined ? { grade } : {}), number };
}

/** '2号车', '2号', '２', '2路', '二号车' → '2': one bus, one spelling. Anything else is kept as written. */
export function normalizeBus(text: string): string {
  const t = normalizeCell(text).replace(/\s/g, '');
  const m = /^(?:校车)?(?:第)?([0-9一二三四五六七八九十]+)(?:号车|号|路|车|号线)?$/.exec(t);
  const n = m ? chineseNumber(m[1]!) : undefined;
  return n !== undefined ? String(n) : t;
}

function parsePickup(text: string, bus: string): PickupPlan | undefined {
  const t = normalizeCell(text);
  const busNo = normalizeBus(bus) || /(\d+)/.exec(t)?.[1] || '';
  if (!t) return busNo ? { kind: 'bus', bus: busNo } : { kind: 'guardian' };
  if (/校车|bus/i.test(t)) return busNo ? { kind: 'bus', bus: busNo } : undefined;
  if (/自行|独自|walk/i.test(t)) return { kind: 'walks_alone', permissionOnFile: true };
  if (/家长|接送|监护|guardian|parent/i.test(t)) return { kind: 'guardian' };
  return undefined;
}

const yes = (s: string) => /^(是|有|√|✓|y|yes|true|1)$/i.test(normalizeCell(s));

const PRIORITY: Record<string, Student['priority'][number]> = {
  留守: 'left_behind',
  随迁: 'migrant',
  残疾: 'disabled',
  困难: 'low_income',
  建档立卡: 'low_income',
};

export interface ImportOptions {
  /** random bytes for new card ids */
  randomBytes: (n: number) => Uint8Array;
  /** Pinyin initials of a name for the kiosk's search (张小明 → zxm); supplied by the caller */
  initials: (name: string) => string;
  now: number;
  /** the file covers only its own classes: children of classes absent from it stay as they are */
  onlyClassesInFile?: boolean;
}

/** A signature or date line under the table (制表人：张老师, 审核人, 日期：2026-09-01): not a student. */
const FOOTER =
  /^(制表人|制表|填表人|填报人|审核人|审核|审批人|负责人|经办人|校长|班主任签字|签字|签名|盖章|日期|制表日期|填表日期|填报日期|打印日期|备注|说明|合计|总计|共计)\s*[:：]?/;
/** cells a merged block carries into every row it covers: a row with only these is a blank row inside the block */
const CARRIED: readonly FieldName[] = ['grade', 'className', 'group'];

const CN_GRADE = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
/** A new class named like its siblings: 三年级4班 beside 三年级1班 … , 3年级4班 only in a school that writes it so. */
function classNameLike(classes: Roster['classes'], grade: number, n: number): string {
  const chinese = classes.some((c) => /^[一二三四五六七八九十]+年级/.test(c.name));
  const digits = classes.some((c) => /^\d+年级/.test(c.name));
  return `${chinese || !digits ? CN_GRADE[grade] : grade}年级${n}班`;
}

const PICKUP_WORDS = (p: PickupPlan): string =>
  p.kind === 'bus' ? `校车 ${p.bus}号车` : p.kind === 'walks_alone' ? '自行回家' : '家长接送';
const PRIORITY_WORDS: Record<Student['priority'][number], string> = {
  left_behind: '留守',
  migrant: '随迁',
  disabled: '残疾',
  low_income: '困难',
};
const FIELD_LABEL: Record<string, Bilingual> = {
  name: { zh: '姓名', en: 'name' },
  grade: { zh: '年级', en: 'grade' },
  classId: { zh: '班级', en: 'class' },
  groupId: { zh: '课后服务班', en: 'care group' },
  pickup: { zh: '接送方式', en: 'way home' },
  pickupWave: { zh: '批次', en: 'wave' },
  priority: { zh: '重点关注', en: 'priority' },
  feeWaiver: { zh: '减免', en: 'fee waiver' },
  guardian: { zh: '监护人', en: 'guardian' },
  relation: { zh: '关系', en: 'relation' },
  phone: { zh: '监护人电话', en: "guardian's phone" },
};
export const fieldLabel = (field: string): Bilingual => FIELD_LABEL[field] ?? { zh: field, en: field };

/** A student's field as a person reads it: class and group by name, the way home in words, never an id. */
export function fieldWords(roster: Pick<Roster, 'classes' | 'groups'>, student: Student, field: string): string {
  switch (field) {
    case 'classId':
      return roster.classes.find((c) => c.id === student.classId)?.name ?? student.classId;
    case 'groupId':
      return student.groupId
        ? (roster.groups.find((g) => g.id === student.groupId)?.name ?? student.groupId)
        : '不参加';
    case 'grade':
      return `${CN_GRADE[student.grade] ?? student.grade}年级`;
    case 'pickup':
      return PICKUP_WORDS(student.pickup);
    case 'pickupWave':
      return `第 ${student.pickupWave} 批`;
    case 'priority':
      return student.priority.map((p) => PRIORITY_WORDS[p]).join('、') || '无';
    case 'feeWaiver':
      return student.feeWaiver ? '是' : '否';
    case 'name':
      return student.name;
    default:
      return '';
  }
}

/**
 * The difference between two rosters, student by student (by 学号), in words: what an import or a restore of an
 * earlier version would change. The guardian's name, relation and phone count as changes of the child.
 */
export function diffRosters(
  before: Roster,
  after: Roster,
): { added: Student[]; changed: Change[]; removed: Student[]; unchanged: number } {
  const byNo = new Map(before.students.map((s) => [s.studentNo, s]));
  const nos = new Set(after.students.map((s) => s.studentNo));
  // By id, then by the child each lists: a find over every guardian per child was quadratic (3,000 rows: ~1 s).
  const guardianIndex = (r: Roster) => {
    const byId = new Map(r.guardians.map((g) => [g.id, g]));
    const byChild = new Map<string, Guardian>();
    for (const g of r.guardians) for (const id of g.studentIds) if (!byChild.has(id)) byChild.set(id, g);
    return (id: string) => byId.get(`gd-${id}`) ?? byChild.get(id);
  };
  const [guardianBefore, guardianAfter] = [guardianIndex(before), guardianIndex(after)];
  const guardianOf = (r: Roster, id: string) => (r === before ? guardianBefore : guardianAfter)(id);
  const changed: Change[] = [];
  let unchanged = 0;
  for (const s of after.students) {
    const old = byNo.get(s.studentNo);
    if (!old) continue;
    const diffs: FieldChange[] = [];
    for (const f of ['name', 'grade', 'classId', 'groupId', 'pickup', 'pickupWave', 'priority', 'feeWaiver'] as const) {
      if (JSON.stringify(old[f]) === JSON.stringify(s[f])) continue;
      const [b, a] = [fieldWords(before, old, f), fieldWords(after, s, f)];
      diffs.push({ field: f, label: fieldLabel(f), before: b, after: a });
    }
    const [gb, ga] = [guardianOf(before, old.id), guardianOf(after, s.id)];
    if (ga || gb) {
      for (const f of ['name', 'relation', 'phone'] as const) {
        const [b, a] = [gb?.[f] ?? '', ga?.[f] ?? ''];
        if (b !== a)
          diffs.push({
            field: f === 'name' ? 'guardian' : f,
            label: fieldLabel(f === 'name' ? 'guardian' : f),
            before: b,
            after: a,
          });
      }
    }
    if (diffs.length) changed.push({ before: old, after: s, fields: diffs.map((d) => d.field), diffs });
    else unchanged++;
  }
  return {
    added: after.students.filter((s) => !byNo.has(s.studentNo)),
    changed,
    removed: before.students.filter((s) => !nos.has(s.studentNo)),
    unchanged,
  };
}

const err = (row: number, column: string, value: string, zh: string, en: string): RowError => ({
  row,
  column,
  value,
  reason: { zh, en },
});

/**
 * @example planImport(roster, [['学号','姓名','年级','班级','课后服务班'], ['001','张三','一年级','1班','一年级混合班']], opts)
 */
export function planImport(roster: Roster, table: string[][], opts: ImportOptions): ImportPlan {
  const onlyClassesInFile = opts.onlyClassesInFile ?? false;
  const empty = {
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    roster,
    columns: {},
    rowOf: {},
    classesInFile: [],
    onlyClassesInFile,
    before: roster.students.length,
  };
  const header = findHeader(table);
  if (!header) {
    return {
      ...empty,
      headerRow: 0,
      errors: [
        err(
          1,
          '表头',
          '',
          '找不到表头：需要“学号”和“姓名”两列',
          'No header row: the sheet needs 学号 (student number) and 姓名 (name) columns',
        ),
      ],
    };
  }
  const labels = table[header.row]!;
  const columns = Object.fromEntries(
    [...header.columns].map(([f, c]) => [f, normalizeCell(labels[c] ?? '')]),
  ) as Partial<Record<FieldName, string>>;
  const errors: RowError[] = [];
  const next: Student[] = [];
  const guardians: Guardian[] = [];
  const oldGuardians = new Map(roster.guardians.map((g) => [g.id, g]));
  const classes = [...roster.classes];
  const rooms = [...roster.rooms];
  const seen = new Map<string, number>();
  const byNo = new Map(roster.students.map((s) => [s.studentNo, s]));
  const groupByName = new Map(roster.groups.map((g) => [normalizeCell(g.name), g]));
  const classesInFile = new Set<string>();
  const rowOf: Record<string, number> = {};

  for (let r = header.row + 1; r < table.length; r++) {
    const row = table[r]!;
    const cell = (f: FieldName) => (header.columns.has(f) ? normalizeCell(row[header.columns.get(f)!] ?? '') : '');
    if (row.every((c) => normalizeCell(c) === '')) continue; // blank rows are common between classes
    const filled = row.map((c) => normalizeCell(c)).filter(Boolean);
    // 制表人：张老师, 审核人, 日期 under the table: a signature line, not a bad row.
    if (!/^[A-Za-z0-9-]+$/.test(cell('studentNo').replace(/\s/g, '')) && filled.some((c) => FOOTER.test(c))) continue;
    // A blank row inside a merged 班级 block still carries the block's class (and grade, group): not a student.
    if (
      !cell('studentNo') &&
      !cell('name') &&
      [...header.columns].every(([f, c]) => CARRIED.includes(f) || normalizeCell(row[c] ?? '') === '')
    )
      continue;
    const line = r + 1;
    const before = errors.length;
    const studentNo = cell('studentNo').replace(/\s/g, '').replace(/\.0$/, '');
    // '张 三' is 张三, but 'Zhao Lei' keeps its space: only spaces between Chinese characters go.
    const name = cell('name').replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
    if (!studentNo) errors.push(err(line, columns.studentNo!, '', '学号为空', 'Student number is empty'));
    else if (!/^[A-Za-z0-9-]{1,32}$/.test(studentNo))
      errors.push(
        err(line, columns.studentNo!, studentNo, '学号只能包含字母和数字', 'Student number: letters and digits only'),
      );
    else if (seen.has(studentNo))
      errors.push(
        err(
          line,
          columns.studentNo!,
          studentNo,
          `学号与第 ${seen.get(studentNo)} 行重复`,
          `Same student number as row ${seen.get(studentNo)}`,
        ),
      );
    if (!name) errors.push(err(line, columns.name!, '', '姓名为空', 'Name is empty'));
    else if (name.length > 32) errors.push(err(line, columns.name!, name, '姓名过长', 'Name is too long'));
    const klass = parseClass(cell('className'));
    const grade = cell('grade') ? parseGrade(cell('grade')) : klass?.grade;
    if (grade === undefined)
      errors.push(
        err(
          line,
          columns.grade ?? columns.className ?? '年级',
          cell('grade'),
          '无法识别年级（如：一年级、3）',
          'Grade not recognised (e.g. 一年级, 3)',
        ),
      );
    if (!klass)
      errors.push(
        err(
          line,
          columns.className ?? '班级',
          cell('className'),
          '无法识别班级（如：1班、(2)班）',
          'Class not recognised (e.g. 1班)',
        ),
      );
    const groupName = cell('group');
    const group = groupName ? groupByName.get(groupName) : undefined;
    if (groupName && !group && !/^(无|否|不参加|-)$/.test(groupName))
      errors.push(
        err(
          line,
          columns.group!,
          groupName,
          '没有这个课后服务班，请先在“分组”中建立',
          'No such care group: create it first',
        ),
      );
    const pickup = parsePickup(cell('pickup'), cell('bus'));
    if (!pickup)
      errors.push(
        err(
          line,
          columns.pickup ?? '接送方式',
          cell('pickup'),
          '接送方式应为：家长接送、校车（车号）或自行回家',
          'Pickup must be guardian, bus (number) or walks alone',
        ),
      );
    const phone = cell('phone').replace(/[\s-]/g, '');
    if (phone && !/^\+?\d{5,15}$/.test(phone))
      errors.push(err(line, columns.phone!, phone, '电话号码格式不对', 'Phone number is not valid'));
    const waveText = cell('wave');
    const wave = waveText ? chineseNumber(waveText.replace(/^第|批$/g, '')) : 1;
    if (wave === undefined || wave < 1 || wave > 9)
      errors.push(err(line, columns.wave!, waveText, '批次应为 1–9', 'Wave must be 1–9'));
    if (studentNo && !seen.has(studentNo)) seen.set(studentNo, line);
    if (errors.length > before || grade === undefined || !klass || !pickup || wave === undefined) continue;

    const classId = `c${grade}-${klass.number}`;
    if (!classes.some((c) => c.id === classId)) {
      const roomId = `room-${grade}-${klass.number}`;
      const className = classNameLike(classes, grade, klass.number);
      if (!rooms.some((x) => x.id === roomId)) rooms.push({ id: roomId, name: `${className}教室`, capacity: 50 });
      classes.push({ id: classId, name: className, grade, roomId, headTeacherId: null });
    }
    classesInFile.add(classId);
    rowOf[studentNo] = line;
    const old = byNo.get(studentNo);
    const priority = [
      ...new Set(
        Object.entries(PRIORITY)
          .filter(([k]) => cell('priority').includes(k))
          .map(([, v]) => v),
      ),
    ];
    const student: Student = {
      id: old?.id ?? `s-${studentNo}`,
      studentNo,
      name,
      initials: opts.initials(name),
      grade,
      classId,
      // A column the file does not have keeps what the roster says, as 重点关注 and 减免 do.
      groupId: header.columns.has('group') ? (group?.id ?? null) : (old?.groupId ?? null),
      pickup: header.columns.has('pickup') || header.columns.has('bus') ? pickup : (old?.pickup ?? pickup),
      pickupWave: header.columns.has('wave') ? wave : (old?.pickupWave ?? wave),
      cardId: old?.cardId ?? makeCardId('student', roster.school.cardTag, opts.randomBytes(CARD_RANDOM_BYTES)),
      priority: header.columns.has('priority') ? priority : (old?.priority ?? []),
      feeWaiver: header.columns.has('feeWaiver') ? yes(cell('feeWaiver')) : (old?.feeWaiver ?? false),
      // 安全提示 (SN1) are entered in the office, never in the file: a re-import keeps them.
      safety: old?.safety ?? NO_SAFETY_NOTES,
    };
    next.push(student);
    const guardianName = cell('guardian').replace(/\s/g, '');
    if (guardianName) {
      const oldG = oldGuardians.get(`gd-${student.id}`);
      guardians.push({
        id: `gd-${student.id}`,
        name: guardianName,
        relation: cell('relation') || '监护人',
        phone: phone || oldG?.phone || '00000',
        studentIds: [student.id],
        cardId: oldG?.cardId ?? makeCardId('guardian', roster.school.cardTag, opts.randomBytes(CARD_RANDOM_BYTES)),
      });
    }
  }

  const nos = new Set(next.map((s) => s.studentNo));
  // "This file covers only these classes": a child of a class the file does not name stays as they are.
  if (onlyClassesInFile)
    for (const s of roster.students) if (!nos.has(s.studentNo) && !classesInFile.has(s.classId)) next.push(s);
  const staying = new Set(next.map((s) => s.studentNo));
  const removed = roster.students.filter((s) => !staying.has(s.studentNo));
  // Guardians the sheet does not mention are kept for the children who stay.
  const keptIds = new Set(next.map((s) => s.id));
  const sheetGuardians = new Set(guardians.map((g) => g.id));
  const keptGuardians = roster.guardians
    .filter((g) => !sheetGuardians.has(g.id))
    .map((g) => ({ ...g, studentIds: g.studentIds.filter((id) => keptIds.has(id)) }))
    .filter((g) => g.studentIds.length > 0);
  const revoked = [
    ...roster.revokedCards,
    ...removed.filter((s) => s.cardId).map((s) => ({ cardId: s.cardId!, ownerId: s.id, revokedAt: opts.now })),
  ];
  const candidate = {
    ...roster,
    rooms,
    classes,
    students: next,
    guardians: [...keptGuardians, ...guardians],
    revokedCards: revoked,
  };
  const { added, changed, unchanged } = diffRosters(roster, candidate);
  const valid = errors.length === 0 ? RosterSchema.safeParse(candidate) : undefined;
  if (valid && !valid.success) {
    errors.push(
      err(
        0,
        '',
        '',
        `导入后花名册无效：${valid.error.issues[0]?.message ?? ''}`,
        `The roster would be invalid: ${valid.error.issues[0]?.message ?? ''}`,
      ),
    );
  }
  return {
    headerRow: header.row + 1,
    columns,
    errors,
    added,
    changed,
    removed,
    unchanged,
    rowOf,
    classesInFile: [...classesInFile],
    onlyClassesInFile,
    before: roster.students.length,
    roster: valid?.success ? valid.data : roster,
  };
}
