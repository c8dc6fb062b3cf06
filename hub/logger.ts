/** One line of JSON per record, so a school's IT person can grep it. Never log phone numbers or tokens. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Mainland mobile numbers (138 0013 8000, +86-138-0013-8000) and landlines written with their area code (010-12345678),
 * not inside a longer run of digits or letters (ids, timestamps).
 */
const PHONE = /(?<![0-9A-Za-z])(?:(?:\+|00)?86[ -]?)?(?:1[3-9]\d(?:[ -]?\d{4}){2}|0\d{2,3}[ -]\d{7,8})(?![0-9A-Za-z])/g;

/**
 * The last line of defence: nothing the hub logs is meant to hold a phone number, but a kiosk's name, a staff id
 * typed at a login or an error message is someone else's text, so anything shaped like one is masked.
 * @example redactPhones('{"name":"张老师 13800138000"}') // '{"name":"张老师 [phone]"}'
 */
export function redactPhones(line: string): string {
  return line.replace(PHONE, '[phone]');
}

/** The console, and each line also to `alsoTo` (the day's log file, hub/logFiles.ts) when given. */
export function consoleLogger(alsoTo?: { write(line: string): void }): Logger {
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    const line = redactPhones(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }));
    console.log(line);
    alsoTo?.write(line);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A logger that keeps records in memory, for tests that assert a refusal was logged. */
export function memoryLogger(): Logger & {
  records: { level: string; msg: string; fields?: Record<string, unknown> }[];
} {
  const records: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const keep = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    records.push({
      level,
      msg: redactPhones(msg),
      ...(fields ? { fields: JSON.parse(redactPhones(JSON.stringify(fields))) as Record<string, unknown> } : {}),
    });
  };
  return { records, info: keep('info'), warn: keep('warn'), error: keep('error') };
}
