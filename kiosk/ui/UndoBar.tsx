/** "已记录…  撤销": the undo of the last consequential action, offered for about ten seconds (KioskModel.offerUndo). */
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';

export function UndoBar({ model, view }: { model: KioskModel; view: KioskView }) {
  const u = view.undo;
  if (!u) return null;
  return (
    <div className="undo-bar" role="status" data-testid="undo-bar">
      <span>
        <Bi {...u.label} />
      </span>
      <button data-testid="undo" onClick={() => void model.undo()}>
        <Bi zh="撤销" en="Undo" />
      </button>
    </div>
  );
}
