/**
 * The office (教导处): import the roster from the school's own Excel or CSV with a preview, enter leave,
 * pair and revoke tablets, reset PINs, print cards. Chinese first.
 */
import { useEffect, useState } from 'react';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';
import { CardsTab } from './CardsTab';
import { DevicesTab } from './DevicesTab';
import { ImportTab } from './ImportTab';
import { LeaveTab } from './LeaveTab';
import { Login, SESSION_EXPIRED } from './Login';
import { Progress } from './Progress';
import { CalendarTab } from './CalendarTab';
import { GroupsTab } from './GroupsTab';
import { RotaTab } from './RotaTab';
import { ReportsTab } from './ReportsTab';
import { PrivacyTab } from './PrivacyTab';
import { RosterTab } from './RosterTab';

/** How often an open office page asks whether its session is still known (a hub restart forgets it). */
export const SESSION_CHECK_MS = 15_000;

export function OfficeApp() {
  const [api, setApi] = useState<OfficeApi | null>(null);
  const [roster, setRoster] = useState<Roster | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [tab, setTab] = useState<
    'import' | 'roster' | 'groups' | 'calendar' | 'rota' | 'leave' | 'devices' | 'cards' | 'reports' | 'privacy'
  >('import');
  const reload = async (a = api) => {
    if (a) setRoster((await a.route('roster')).roster);
  };
  // Reload whenever the session changes (sign-in).
  useEffect(() => {
    void reload().catch(() => undefined);
  }, [api]);
  // A session the hub forgot shows as soon as the office looks again (tab shown) or within the check's interval,
  // not only when someone next clicks.
  useEffect(() => {
    if (!api) return;
    const check = () => void api.check();
    const timer = setInterval(check, SESSION_CHECK_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', check);
    };
  }, [api]);
  const signIn = (a: OfficeApi) => {
    // A session the hub no longer knows (it restarted): back to the sign-in at once, saying why.
    a.onExpired = () => {
      setApi(null);
      setRoster(null);
      setNotice(SESSION_EXPIRED);
    };
    setNotice(undefined);
    setApi(a);
  };
  if (!api) return <Login onIn={signIn} notice={notice} />;
  if (!roster)
    return (
      <p>
        <Bi zh="加载中…" en="Loading…" />
      </p>
    );
  const tabs = [
    ['import', '花名册导入', 'Import'],
    ['roster', '学生名册', 'Roster'],
    ['groups', '分组与教室', 'Groups'],
    ['calendar', '作息与日历', 'Calendar'],
    ['rota', '值班表', 'Rota'],
    ['leave', '请假', 'Leave'],
    ['devices', '平板与教师', 'Tablets & staff'],
    ['cards', '打印卡片', 'Cards'],
    ['reports', '报表', 'Reports'],
    ['privacy', '个人信息', 'Privacy'],
  ] as const;
  return (
    <main className="office">
      <header>
        <span className="title">
          <b>{roster.school.name}</b>
          <span className="where">
            <Bi zh="教导处" en="Office" />
          </span>
        </span>
        <button
          data-testid="office-sign-out"
          className="sign-out"
          onClick={() => {
            void api.signOut();
            setApi(null);
            setRoster(null);
          }}
        >
          <Bi zh="退出" en="Sign out" />
        </button>
      </header>
      <Progress />
      {/* One row of tabs: on a phone it scrolls sideways (the chosen one brought into view), on a tablet all show. */}
      <nav className="tabs" aria-label="教导处 Office">
        {tabs.map(([id, zh, en]) => (
          <button
            key={id}
            data-testid={`tab-${id}`}
            aria-current={tab === id ? 'page' : undefined}
            onClick={(e) => {
              setTab(id);
              e.currentTarget.scrollIntoView({ block: 'nearest', inline: 'nearest' });
            }}
          >
            <Bi zh={zh} en={en} block />
          </button>
        ))}
      </nav>
      {tab === 'import' && <ImportTab api={api} roster={roster} onApplied={() => void reload()} />}
      {tab === 'roster' && <RosterTab api={api} roster={roster} onSaved={() => void reload()} />}
      {tab === 'groups' && (
        <GroupsTab key={roster.school.id + tab} api={api} roster={roster} onSaved={() => void reload()} />
      )}
      {tab === 'calendar' && <CalendarTab api={api} roster={roster} onSaved={() => void reload()} />}
      {tab === 'rota' && <RotaTab api={api} roster={roster} onSaved={() => void reload()} />}
      {tab === 'leave' && <LeaveTab api={api} roster={roster} />}
      {tab === 'devices' && <DevicesTab api={api} roster={roster} />}
      {tab === 'reports' && <ReportsTab api={api} roster={roster} />}
      {tab === 'cards' && <CardsTab api={api} roster={roster} onReprinted={() => void reload()} />}
      {tab === 'privacy' && <PrivacyTab api={api} roster={roster} onErased={() => void reload()} />}
    </main>
  );
}
