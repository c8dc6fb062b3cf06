/** The office's sign-in with the admin password; `notice` says why it shows when the session ended by itself. */
import { useState } from 'react';
import { Bi } from '../common/Bi';
import { SignInPage } from '../common/fields';
import { OfficeApi } from './officeApi';

export const SESSION_EXPIRED = '会话已过期，请重新登录 Session expired: sign in again';

export function Login({ onIn, notice }: { onIn: (a: OfficeApi) => void; notice?: string | undefined }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  return (
    <SignInPage
      title={{ zh: '教导处登录', en: 'Office sign-in' }}
      error={error || notice}
      onSubmit={() => {
        OfficeApi.login(password)
          .then(onIn)
          .catch((err: Error) => setError(err.message));
      }}
    >
      <input
        data-testid="office-password"
        type="password"
        aria-label="管理员密码 admin password"
        style={{ minHeight: '3rem' }}
        placeholder="管理员密码 admin password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button data-testid="office-login" disabled={!password}>
        <Bi zh="登录" en="Sign in" />
      </button>
    </SignInPage>
  );
}
