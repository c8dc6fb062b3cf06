/**
 * A page model's view as React reads it with useSyncExternalStore: `subscribe` and `snapshot` for the hook, and
 * `set` to change part of the view and tell the subscribers.
 */
export class ViewStore<V extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(protected view: V) {}

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };
  snapshot = () => this.view;

  protected set(patch: Partial<V>) {
    this.replace({ ...this.view, ...patch });
  }

  /** A whole new view (a sign-out starts again from the first one). */
  protected replace(view: V) {
    this.view = view;
    for (const fn of this.listeners) fn();
  }
}
