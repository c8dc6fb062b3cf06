/** The duty leader's sign-in: pick a name, enter the PIN; it says why when the session ended by itself. */
import { useEffect, useState } from 'react';
import { unlockAudio } from '../common/feedback';
import { Bi } from '../common/Bi';
import { NameSelect, PinInput, SignInPage } from '../common/fields';
import type { LeaderModel } from './leaderModel';

/** `notice`: why the sign-in is showing when the leader did not sign out (the hub forgot the session). */
export function Login({ model, notice }: { model: LeaderModel; notice?: string | undefined }) {
  const [leaders, setLeaders] = useState<{ id: string; name: string }[]>([]);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    void model
      .staffList()
      .then(setLeaders)
      .catch(() => setError('无法连接服务器 Cannot reach the hub'));
  }, [model]);
  return (
    <SignInPage
      title={{ zh: '值班领导', en: 'Duty leader' }}
      error={error || notice}
      onSubmit={() => {
        unlockAudio();
        model.login(staffId, pin).catch((err: Error) => {
          setPin('');
          setError(err.message);
        });
      }}
    >
      <label>
        <Bi zh="值班领导" en="Duty leader" />
        <NameSelect testId="leader-staff" value={staffId} onChange={setStaffId} options={leaders} blank="—" />
      </label>
      <PinInput testId="leader-pin" value={pin} onChange={setPin} />
      <button data-testid="leader-login" disabled={!staffId || pin.length < 4}>
        <Bi zh="登录" en="Sign in" />
      </button>
    </SignInPage>
  );
}
