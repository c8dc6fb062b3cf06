/** One line of JSON per record, so a school's IT person can grep it. Never log phone numbers or tokens. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function consoleLogger(): Logger {
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    console.log(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }));
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A logger that keeps records in memory, for tests that assert a refusal was logged. */
export function memoryLogger(): Logger & { records: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const records: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const keep = (level: string) => (msg: string, fields?: Record<string, unknown>) => { records.push({ level, msg, ...(fields ? { fields } : {}) }); };
  return { records, info: keep('info'), warn: keep('warn'), error: keep('error') };
}
