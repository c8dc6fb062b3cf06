/** Groups and rooms: which care groups meet where, for which grades, on which weekdays. */
import { useState } from 'react';
import type { CareGroup, Club, Roster, Room } from '../core/roster';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';
import { nums, useSave, Weekdays } from './setupParts';

export function GroupsTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [groups, setGroups] = useState<CareGroup[]>(roster.groups);
  const [rooms, setRooms] = useState<Room[]>(roster.rooms);
  const [clubs, setClubs] = useState<Club[]>(roster.clubs);
  const { msg, save } = useSave(api, onSaved);
  const setG = (i: number, patch: Partial<CareGroup>) =>
    setGroups(groups.map((g, k) => (k === i ? { ...g, ...patch } : g)));
  return (
    <section>
      <h3>
        <Bi zh="课后服务班" en="Care groups" />
      </h3>
      <table>
        <thead>
          <tr>
            <th>名称</th>
            <th>类型</th>
            <th>教室</th>
            <th>人数上限</th>
            <th>年级</th>
            <th>开班日</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={g.id}>
              <td>
                <input value={g.name} onChange={(e) => setG(i, { name: e.target.value })} />
              </td>
              <td>
                <select value={g.kind} onChange={(e) => setG(i, { kind: e.target.value as CareGroup['kind'] })}>
                  <option value="whole_class">整班 whole class</option>
                  <option value="mixed">混合 mixed</option>
                </select>
              </td>
              <td>
                <select value={g.roomId} onChange={(e) => setG(i, { roomId: e.target.value })}>
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  max={45}
                  value={g.capacity}
                  onChange={(e) => setG(i, { capacity: Number(e.target.value) })}
                />
              </td>
              <td>
                <input value={g.grades.join(',')} onChange={(e) => setG(i, { grades: nums(e.target.value) })} />
              </td>
              <td>
                <Weekdays value={g.weekdays} onChange={(weekdays) => setG(i, { weekdays })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() =>
          setGroups([
            ...groups,
            {
              id: `g-${Date.now().toString(36)}`,
              name: '新课后服务班',
              kind: 'mixed',
              roomId: rooms[0]!.id,
              capacity: 45,
              grades: [1],
              weekdays: [1, 2, 3, 4, 5],
            },
          ])
        }
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button data-testid="save-groups" onClick={() => save('groups', groups)}>
        <Bi zh="保存课后服务班" en="Save groups" />
      </button>
      <h3>
        <Bi zh="教室" en="Rooms" />
      </h3>
      <table>
        <tbody>
          {rooms.map((r, i) => (
            <tr key={r.id}>
              <td>
                <input
                  value={r.name}
                  onChange={(e) => setRooms(rooms.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))}
                />
              </td>
              <td>
                <input
                  type="number"
                  value={r.capacity}
                  onChange={(e) =>
                    setRooms(rooms.map((x, k) => (k === i ? { ...x, capacity: Number(e.target.value) } : x)))
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() => setRooms([...rooms, { id: `room-${Date.now().toString(36)}`, name: '新教室', capacity: 45 }])}
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button onClick={() => save('rooms', rooms)}>
        <Bi zh="保存教室" en="Save rooms" />
      </button>
      <h3>
        <Bi zh="社团" en="Clubs" />
      </h3>
      <table>
        <tbody>
          {clubs.map((c, i) => (
            <tr key={c.id}>
              <td>
                <input
                  value={c.name}
                  onChange={(e) => setClubs(clubs.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))}
                />
              </td>
              <td>
                <select
                  value={c.roomId}
                  onChange={(e) => setClubs(clubs.map((x, k) => (k === i ? { ...x, roomId: e.target.value } : x)))}
                >
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <Weekdays
                  value={c.weekdays}
                  onChange={(weekdays) => setClubs(clubs.map((x, k) => (k === i ? { ...x, weekdays } : x)))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() =>
          setClubs([
            ...clubs,
            { id: `club-${Date.now().toString(36)}`, name: '新社团', roomId: rooms[0]!.id, weekdays: [3] },
          ])
        }
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button onClick={() => save('clubs', clubs)}>
        <Bi zh="保存社团" en="Save clubs" />
      </button>
      {msg && <p data-testid="save-msg">{msg}</p>}
    </section>
  );
}
