/**
 * The gate board (BD1): three lists in large type, read from three metres — 已呼叫 (called, still in the room),
 * 到校门 (sent to the gate), 已接走 (picked up in the last 10 minutes) — live from the hub's /board socket. The
 * hub has already cut the names as the school's setting says; this page shows what it is sent and nothing else.
 * Paired once with a gate board code (its token kept in this browser, so a reload or a power cut comes straight
 * back to the board); the only controls are the pairing form's.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { BoardChild, BoardView } from '../core/boardView';
import type { BoardToClientEvents } from '../core/contract';
import { BOARD_NAMESPACE } from '../core/contract';
import type { Bilingual } from '../core/messages';
import { RECONNECT_DELAY_MAX_MS } from '../core/protocol';
import { Bi } from '../common/Bi';
import { call, HubError } from '../common/hubClient';

const STORE_KEY = 'relay.board';

interface Pairing {
  token: string;
  school: string;
}

function loadPairing(): Pairing | null {
  try {
    const p = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as Partial<Pairing> | null;
    return p && typeof p.token === 'string' ? { token: p.token, school: String(p.school ?? '') } : null;
  } catch {
    return null;
  }
}

/** HH:MM in the school's time zone (the hub says which), whatever zone the TV was set to. */
const hhmm = (t: number, timeZone?: string) =>
  new Date(t).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });

export function BoardApp() {
  const [pairing, setPairing] = useState<Pairing | null>(loadPairing);
  const [ended, setEnded] = useState<Bilingual | null>(null);
  if (!pairing) {
    return (
      <PairScreen
        notice={ended}
        onPaired={(p) => {
          localStorage.setItem(STORE_KEY, JSON.stringify(p));
          setEnded(null);
          setPairing(p);
        }}
      />
    );
  }
  return (
    <Board
      pairing={pairing}
      onUnpaired={() => {
        localStorage.removeItem(STORE_KEY);
        setEnded({
          zh: '这块大屏的配对已被办公室取消，请重新配对',
          en: 'The office ended this board’s pairing: pair it again',
        });
        setPairing(null);
      }}
    />
  );
}

function PairScreen({ notice, onPaired }: { notice: Bilingual | null; onPaired: (p: Pairing) => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('校门大屏');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) {
      setError('请输入配对码 Type the pairing code');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call('boardPair', {
        body: { code: code.trim(), name: name.trim() || '校门大屏' },
        describe: (p, status) => (p ? `${p.zh} ${p.en}` : `连不上服务器 Cannot reach the hub (HTTP ${status})`),
      });
      onPaired({ token: r.token, school: r.school });
    } catch (err) {
      setError(err instanceof HubError ? err.message : '连不上服务器 Cannot reach the hub');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="board-pair" data-testid="board-pair">
      <h1>
        <Bi zh="校门大屏配对" en="Pair the gate board" block />
      </h1>
      {notice && (
        <p className="board-notice" role="status">
          <Bi {...notice} block />
        </p>
      )}
      <p>
        <Bi
          zh="在办公室“平板与教师”里点“校门大屏配对码”，把 8 位配对码输入这里。平板的配对码不能用于大屏。"
          en="In the office, 平板与教师 → 校门大屏配对码 makes the 8-character code to type here. A kiosk's code does not pair a board."
          block
        />
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          <Bi zh="配对码" en="Pairing code" />
          <input
            data-testid="board-code"
            value={code}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
        </label>
        <label>
          <Bi zh="大屏名称（办公室看到的名字）" en="Board name (as the office sees it)" />
          <input data-testid="board-name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
        </label>
        {error && (
          <p className="board-error" role="alert" data-testid="board-error">
            {error}
          </p>
        )}
        <button type="submit" className="board-pair-go" disabled={busy} data-testid="board-pair-go">
          <Bi zh="配对" en="Pair" />
        </button>
      </form>
    </main>
  );
}

type Link = 'connecting' | 'live' | 'lost';

function Board({ pairing, onUnpaired }: { pairing: Pairing; onUnpaired: () => void }) {
  const [view, setView] = useState<BoardView | null>(null);
  const [link, setLink] = useState<Link>('connecting');
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [clock, setClock] = useState(() => Date.now());
  const unpaired = useRef(onUnpaired);
  unpaired.current = onUnpaired;

  useEffect(() => {
    let gone = false;
    const show = (v: BoardView) => {
      if (gone) return;
      setView(v);
      setUpdatedAt(Date.now());
      setLink('live');
    };
    // A token the hub no longer knows (401) or that is not a board's (403) sends the board back to pairing;
    // anything else (the hub away, the network down) keeps the board and says the link is lost.
    const check = () =>
      call('board', { token: pairing.token }).then(show, (err: unknown) => {
        if (gone) return;
        if (err instanceof HubError && (err.status === 401 || err.status === 403)) unpaired.current();
        else setLink('lost');
      });
    void check();
    const socket: Socket<BoardToClientEvents, Record<string, never>> = io(`${location.origin}${BOARD_NAMESPACE}`, {
      auth: { token: pairing.token },
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
    });
    socket.on('boardView', show);
    socket.on('disconnect', () => !gone && setLink('lost'));
    socket.on('connect_error', () => {
      if (gone) return;
      setLink('lost');
      void check();
    });
    return () => {
      gone = true;
      socket.close();
    };
  }, [pairing.token]);

  useEffect(() => {
    const t = setInterval(() => setClock(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  return (
    <div className="board" data-testid="board">
      <header className="board-bar">
        <h1>
          <span className="zh">{view?.school ?? pairing.school} · 校门接送</span> <span className="en">Gate board</span>
        </h1>
        <p className={`board-link ${link}`} data-testid="board-link" role="status">
          {link === 'live' ? (
            <Bi zh="● 实时" en="Live" />
          ) : link === 'connecting' ? (
            <Bi zh="连接中…" en="Connecting" />
          ) : (
            <>
              <Bi zh="连接中断" en="Connection lost" />
              {updatedAt !== null && (
                <span className="board-updated">
                  {' '}
                  ·{' '}
                  <Bi
                    zh={`最后更新 ${hhmm(updatedAt, view?.timeZone)}`}
                    en={`last update ${hhmm(updatedAt, view?.timeZone)}`}
                  />
                </span>
              )}
            </>
          )}
        </p>
        <p className="board-clock">{hhmm(clock, view?.timeZone)}</p>
      </header>
      <main className="board-columns">
        <Column
          id="called"
          title={{ zh: '已呼叫', en: 'Called' }}
          hint={{ zh: '正在叫孩子', en: 'the room is told' }}
          items={view?.called}
          timeZone={view?.timeZone}
        />
        <Column
          id="atGate"
          title={{ zh: '到校门', en: 'On the way / at the gate' }}
          hint={{ zh: '老师已送出', en: 'sent to the gate' }}
          items={view?.atGate}
          timeZone={view?.timeZone}
        />
        <Column
          id="released"
          title={{ zh: '已接走', en: 'Picked up' }}
          hint={{ zh: '最近 10 分钟', en: 'last 10 minutes' }}
          items={view?.released}
          timeZone={view?.timeZone}
        />
      </main>
    </div>
  );
}

/**
 * One list, as many rows as fit its height (rows are all one height), and a line saying how many more when the
 * list is longer: nothing is drawn outside the screen.
 */
function Column({
  id,
  title,
  hint,
  items,
  timeZone,
}: {
  id: string;
  title: Bilingual;
  hint: Bilingual;
  items: BoardChild[] | undefined;
  timeZone: string | undefined;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const [fit, setFit] = useState(50);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    // every row is one height (board.css): the first says how many fit
    const measure = () => {
      const first = el.firstElementChild;
      if (!first) return;
      const gap = parseFloat(getComputedStyle(el).rowGap) || 0;
      const row = first.getBoundingClientRect().height + gap;
      if (row > gap) setFit(Math.max(1, Math.floor((el.clientHeight + gap) / row)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [items === undefined]);
  const list = items ?? [];
  const shown = list.length > fit ? list.slice(0, Math.max(0, fit - 1)) : list;
  const more = list.length - shown.length;
  return (
    <section className={`board-col ${id}`} data-testid={`board-${id}`} aria-labelledby={`board-${id}-title`}>
      <h2 id={`board-${id}-title`}>
        <span className="board-col-title">
          <Bi {...title} block />
        </span>
        <span className="board-count" data-testid={`board-${id}-count`}>
          {list.length}
        </span>
      </h2>
      <p className="board-hint">
        <Bi {...hint} />
      </p>
      <ol ref={listRef} className="board-list">
        {items === undefined ? null : list.length === 0 ? (
          <li className="board-empty">
            <Bi zh="暂无" en="None" />
          </li>
        ) : (
          shown.map((c) => (
            <li
              key={`${c.calledAt}|${c.name}|${c.className}`}
              className={c.late ? 'board-row late' : 'board-row'}
              data-testid="board-row"
            >
              <span className="board-name">{c.name}</span>
              <span className="board-class">{c.className}</span>
              <span className="board-min">
                {c.late && <span className="board-late">超时 </span>}
                {c.releasedAt !== undefined ? (
                  <Bi zh={`${hhmm(c.releasedAt, timeZone)} 接走`} en="left" />
                ) : (
                  <Bi zh={`${c.minutes} 分钟`} en="min" />
                )}
              </span>
            </li>
          ))
        )}
        {more > 0 && (
          <li className="board-more" data-testid={`board-${id}-more`}>
            <Bi zh={`另有 ${more} 人`} en={`${more} more`} />
          </li>
        )}
      </ol>
    </section>
  );
}
