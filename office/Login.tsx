/** The office's sign-in with the admin password. */
import { useState } from 'react';
import { Bi } from '../common/Bi';
import { ErrorLine } from '../common/fields';
import { OfficeApi } from './officeApi';

export function Login({ onIn }: { onIn: (a: OfficeApi) => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  return (
    <main className="login">
      <h1>
        <Bi zh="教导处登录" en="Office sign-in" />
      </h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          OfficeApi.login(password)
            .then(onIn)
            .catch((err: Error) => setError(err.message));
        }}
      >
        <input
          data-testid="office-password"
          type="password"
          placeholder="管理员密码 admin password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button data-testid="office-login" disabled={!password}>
          <Bi zh="登录" en="Sign in" />
        </button>
      </form>
      <ErrorLine error={error} />
    </main>
  );
}
