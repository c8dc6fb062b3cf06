/** Backups (issue #17, hub/autoBackup.ts): what the office sees of them, the daily backup's folder, one now. */
import { problem } from '../../core/messages';
import type { AutoBackup } from '../autoBackup';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem } from '../http';
import { clerkOf } from '../roster/commitEdit';

type Backup = 'backupStatus' | 'backupSettings' | 'backupRun';

export function backupRoutes(ctx: HubContext, backups: AutoBackup | null): AreaHandlers<Backup> {
  const on = () => {
    if (!backups) throw new HttpProblem(404, problem('not_found', 'no data folder'));
    return backups;
  };
  /** the clerk a change is made in the name of: a member of staff on the roster, as for leave */
  const clerk = (staffId: string) => clerkOf(ctx.rosters.roster, staffId).id;
  return {
    backupStatus: () => on().status(),

    backupSettings: async ({ req, body }) => {
      const b = on();
      const refused = b.setFolder(body.folder === '' ? null : body.folder, {
        staffId: clerk(body.staffId),
        ...(req.ip ? { ip: req.ip } : {}),
      });
      if (refused) throw new HttpProblem(400, refused);
      await b.tick(); // a folder just set gets today's backup now, not at the next hourly look
      return b.status();
    },

    backupRun: async ({ req, body }) => {
      const b = on();
      const record = await b.runNow({ staffId: clerk(body.staffId), ...(req.ip ? { ip: req.ip } : {}) });
      return { record, status: b.status() };
    },
  };
}
