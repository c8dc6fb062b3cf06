/** Pages of a long list: previous, which page of how many, next. Nothing while one page holds it all. */
import { Bi } from '../common/Bi';

export function RosterPager({
  page,
  pages,
  onPage,
  testId,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  testId: string;
}) {
  if (pages <= 1) return null;
  return (
    <div className="roster-pager" role="group" aria-label="分页 pages" data-testid={testId}>
      <button data-testid={`${testId}-prev`} disabled={page === 0} onClick={() => onPage(page - 1)}>
        <Bi zh="上一页" en="Previous" />
      </button>
      <span data-testid={`${testId}-at`}>
        <Bi zh={`第 ${page + 1} / ${pages} 页`} en={`page ${page + 1} of ${pages}`} />
      </span>
      <button data-testid={`${testId}-next`} disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        <Bi zh="下一页" en="Next" />
      </button>
    </div>
  );
}
