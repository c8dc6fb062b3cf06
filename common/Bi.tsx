/** Chinese first, English second, on every screen. */
import type { Bilingual } from '../core/messages';

export function Bi({ zh, en, block }: Bilingual & { block?: boolean }) {
  return block ? (
    <>
      <span className="zh">{zh}</span>
      <span className="en block">{en}</span>
    </>
  ) : (
    <>
      <span className="zh">{zh}</span> <span className="en">{en}</span>
    </>
  );
}
