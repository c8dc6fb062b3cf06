/**
 * Lifts a teacher's PIN lock-out (5 wrong PINs on any tablet or at the leader login lock that teacher for 15
 * minutes, kept across hub restarts). The hub does not list who is locked, so the button is always there and
 * says what it did: unlocked, or there was no lock.
 */
import type { Staff } from '../core/roster';
import type { OfficeApi } from './officeApi';
import { Bi } from '../common/Bi';

export function StaffUnlockButton({ api, staff, onMsg }: { api: OfficeApi; staff: Staff; onMsg: (m: string) => void }) {
  return (
    <button
      className="small"
      data-testid={`unlock-pin-${staff.id}`}
      onClick={() => {
        void api
          .route('staffUnlock', { params: { id: staff.id } })
          .then(({ wasLocked }) =>
            onMsg(
              wasLocked
                ? `${staff.name} 的 PIN 已解除锁定 / ${staff.name}'s PIN is unlocked`
                : `${staff.name} 的 PIN 没有被锁定 / ${staff.name}'s PIN was not locked`,
            ),
          )
          .catch((err: Error) => onMsg(err.message));
      }}
    >
      <Bi zh="解除 PIN 锁定" en="unlock PIN" />
    </button>
  );
}
