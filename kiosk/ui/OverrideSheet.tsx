/**
 * SN2 at the gate: a release a safety note forbids was not written. The duty leader allows it here with their PIN
 * and a reason: the hub checks the PIN (the leader is not signed in on this tablet) and the release is recorded with
 * the override, an alert on the leader's page. Without the hub nothing is written: the PIN cannot be checked.
 */
import { useState } from 'react';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { HubError } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import { ErrorLine, NameSelect, PinInput } from '../../common/fields';
import { BottomSheet } from './BottomSheet';

/** Reasons a duty leader gives most often, one tap each; anything else can be typed. */
const COMMON_REASONS = ['家长忘带接送卡，已电话核实', '班主任到场确认', '已核对身份证件'];

export function ReleaseOverride({ model, view }: { model: KioskModel; view: KioskView }) {
  const [open, setOpen] = useState(false);
  const b = view.blocked;
  if (!b) return null;
  return (
    <div className="override" data-testid="override">
      <button type="button" className="danger" data-testid="override-open" onClick={() => setOpen(true)}>
        <Bi zh="值班领导授权" en="Duty leader override" />
      </button>
      {open && <OverrideSheet model={model} view={view} onClose={() => setOpen(false)} />}
    </div>
  );
}

function OverrideSheet({ model, view, onClose }: { model: KioskModel; view: KioskView; onClose: () => void }) {
  const b = view.blocked!;
  const leaders = (view.roster?.staff ?? []).filter((s) => s.active && s.roles.includes('duty_leader'));
  const [leaderId, setLeaderId] = useState(leaders.length === 1 ? leaders[0]!.id : '');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ zh: string; en: string }>();
  const ready = leaderId !== '' && pin.length >= 4 && reason.trim() !== '' && !busy;
  return (
    <BottomSheet
      testid="override-sheet"
      title={{ zh: `授权放行 ${b.student.name}`, en: `Allow the release of ${b.student.name}` }}
      onClose={onClose}
    >
      <p className="override-why" data-testid="override-why">
        <Bi {...b.reason} />
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          setBusy(true);
          setError(undefined);
          model
            .overrideRelease(leaderId, pin, reason.trim())
            .then(onClose)
            .catch((err: unknown) => {
              setPin('');
              setError(
                err instanceof HubError && err.problem
                  ? { zh: err.problem.zh, en: err.problem.en }
                  : {
                      zh: '需要连接中心核对值班领导PIN：现在连不上，未放行',
                      en: 'The hub must check the duty leader’s PIN: it cannot be reached, nothing was released',
                    },
              );
            })
            .finally(() => setBusy(false));
        }}
      >
        <label>
          <Bi zh="值班领导" en="Duty leader" />
          <NameSelect testId="override-leader" value={leaderId} onChange={setLeaderId} options={leaders} blank="—" />
        </label>
        <label>
          <Bi zh="值班领导 PIN 码" en="Duty leader's PIN" />
          <PinInput testId="override-pin" value={pin} onChange={setPin} />
        </label>
        <div className="chips">
          {COMMON_REASONS.map((r) => (
            <button key={r} type="button" className={reason === r ? 'on' : ''} onClick={() => setReason(r)}>
              {r}
            </button>
          ))}
        </div>
        <label>
          <Bi zh="授权理由" en="Reason" />
          <input
            data-testid="override-reason"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button className="primary" data-testid="override-submit" disabled={!ready}>
          <Bi zh="授权并放行" en="Allow and release" />
        </button>
      </form>
      <ErrorLine error={error && <Bi {...error} block />} />
    </BottomSheet>
  );
}
