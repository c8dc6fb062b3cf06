/**
 * Imported first by every page, before any zod schema is made: the pages parse with zod's interpreter, since
 * its compiled parsers need eval, which the hub's Content-Security-Policy forbids. zod probes for eval when a
 * schema is built and the browser reports that probe as a violation, so the setting must come first.
 */
import { config } from 'zod';

config({ jitless: true });
