/** Groups and rooms: which care groups meet where, for which grades, on which weekdays. */
import { useState } from 'react';
import type { CareGroup, Club, Roster, Room } from '../core/roster';
import { NameSelect } from '../common/fields';
import type { OfficeApi } from './officeApi';
import { ListEditor, newId } from './ListEditor';
import { HeadRow, Named, nums, useSave, Weekdays } from './setupParts';
import { BesideError, useBesideError } from './BesideError';
import { HubError } from '../common/hubClient';
import { groupProblemWords } from './groupProblems';
import { inWords } from './periodCheck';

export function GroupsTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [groups, setGroups] = useState<CareGroup[]>(roster.groups);
  const [rooms, setRooms] = useState<Room[]>(roster.rooms);
  const [clubs, setClubs] = useState<Club[]>(roster.clubs);
  const { msg, save } = useSave(api, onSaved);
  const groupsError = useBesideError();
  const [groupsSaved, setGroupsSaved] = useState(false);
  // A refusal names the group and the field as the clerk sees them, under 保存课后服务班 (issue #17).
  const saveGroups = () => {
    setGroupsSaved(false);
    const sent = groups;
    groupsError.run(undefined, () =>
      api.call('/api/admin/roster/groups', { method: 'PUT', json: { value: sent } }).then(
        () => {
          setGroupsSaved(true);
          onSaved();
        },
        (err: Error) => {
          const detail = err instanceof HubError && err.status === 400 ? err.problem?.detail : undefined;
          if (!detail) throw err;
          throw new Error(groupProblemWords(detail, sent).map(inWords).join('；'));
        },
      ),
    );
  };
  return (
    <section>
      <ListEditor<CareGroup>
        title={{ zh: '课后服务班', en: 'Care groups' }}
        items={groups}
        setItems={setGroups}
        head={
          <HeadRow
            cols={[
              ['名称', 'name'],
              ['类型', 'kind'],
              ['教室', 'room'],
              ['人数上限', 'capacity'],
              ['年级', 'grades'],
              ['开班日', 'weekdays'],
            ]}
          />
        }
        row={(g, set) => (
          <>
            <td>
              <input
                className="name"
                aria-label={`${g.name} 名称 name`}
                value={g.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            </td>
            <td>
              <select
                aria-label={`${g.name} 类型 kind`}
                value={g.kind}
                onChange={(e) => set({ kind: e.target.value as CareGroup['kind'] })}
              >
                <option value="whole_class">整班 whole class</option>
                <option value="mixed">混合 mixed</option>
              </select>
            </td>
            <td>
              <Named name={`${g.name} 教室 room`}>
                <NameSelect value={g.roomId} onChange={(roomId) => set({ roomId })} options={rooms} />
              </Named>
            </td>
            <td>
              <input
                aria-label={`${g.name} 人数上限 capacity`}
                type="number"
                min={1}
                max={45}
                value={g.capacity}
                onChange={(e) => set({ capacity: Number(e.target.value) })}
              />
            </td>
            <td>
              <input
                className="short"
                aria-label={`${g.name} 年级 grades`}
                value={g.grades.join(',')}
                onChange={(e) => set({ grades: nums(e.target.value) })}
              />
            </td>
            <td>
              <Weekdays of={g.name} value={g.weekdays} onChange={(weekdays) => set({ weekdays })} />
            </td>
          </>
        )}
        fresh={() => ({
          id: newId('g'),
          name: '新课后服务班',
          kind: 'mixed',
          roomId: rooms[0]!.id,
          capacity: 45,
          grades: [1],
          weekdays: [1, 2, 3, 4, 5],
        })}
        saveLabel={{ zh: '保存课后服务班', en: 'Save groups' }}
        saveTestId="save-groups"
        onSave={saveGroups}
      />
      <BesideError error={groupsError.error} testId="groups-error" />
      {groupsSaved && !groupsError.error && <p data-testid="groups-saved">已保存 Saved</p>}
      {/* rooms and clubs, two short tables, side by side on the office PC */}
      <div className="side-by-side">
        <div>
          <ListEditor
            title={{ zh: '教室', en: 'Rooms' }}
            items={rooms}
            setItems={setRooms}
            head={
              <HeadRow
                cols={[
                  ['名称', 'name'],
                  ['容纳人数', 'capacity'],
                ]}
              />
            }
            row={(r, set) => (
              <>
                <td>
                  <input
                    aria-label={`${r.name} 名称 name`}
                    value={r.name}
                    onChange={(e) => set({ name: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${r.name} 容纳人数 capacity`}
                    type="number"
                    value={r.capacity}
                    onChange={(e) => set({ capacity: Number(e.target.value) })}
                  />
                </td>
              </>
            )}
            fresh={() => ({ id: newId('room'), name: '新教室', capacity: 45 })}
            saveLabel={{ zh: '保存教室', en: 'Save rooms' }}
            onSave={() => save('rooms', rooms)}
          />
        </div>
        <div>
          <ListEditor
            title={{ zh: '社团', en: 'Clubs' }}
            items={clubs}
            setItems={setClubs}
            head={
              <HeadRow
                cols={[
                  ['名称', 'name'],
                  ['教室', 'room'],
                  ['活动日', 'weekdays'],
                ]}
              />
            }
            row={(c, set) => (
              <>
                <td>
                  <input
                    aria-label={`${c.name} 名称 name`}
                    value={c.name}
                    onChange={(e) => set({ name: e.target.value })}
                  />
                </td>
                <td>
                  <Named name={`${c.name} 教室 room`}>
                    <NameSelect value={c.roomId} onChange={(roomId) => set({ roomId })} options={rooms} />
                  </Named>
                </td>
                <td>
                  <Weekdays of={c.name} value={c.weekdays} onChange={(weekdays) => set({ weekdays })} />
                </td>
              </>
            )}
            fresh={() => ({ id: newId('club'), name: '新社团', roomId: rooms[0]!.id, weekdays: [3] })}
            saveLabel={{ zh: '保存社团', en: 'Save clubs' }}
            onSave={() => save('clubs', clubs)}
          />
        </div>
      </div>
      {msg && (
        <p className="said" role="status" data-testid="save-msg">
          {msg}
        </p>
      )}
    </section>
  );
}
