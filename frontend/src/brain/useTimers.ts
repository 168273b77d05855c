import { useCallback, useEffect, useMemo, useRef } from "react";

/** Timeouts that die with the component: a game left half-way never fires into an unmounted
 * screen. */
export function useTimers() {
  const pending = useRef(new Set<ReturnType<typeof setTimeout>>());
  const after = useCallback((ms: number, callback: () => void) => {
    const timer = setTimeout(() => {
      pending.current.delete(timer);
      callback();
    }, ms);
    pending.current.add(timer);
    return timer;
  }, []);
  const cancel = useCallback((timer: ReturnType<typeof setTimeout> | null) => {
    if (timer === null) return;
    clearTimeout(timer);
    pending.current.delete(timer);
  }, []);
  const cancelAll = useCallback(() => {
    pending.current.forEach(clearTimeout);
    pending.current.clear();
  }, []);
  useEffect(() => cancelAll, [cancelAll]);
  return useMemo(() => ({ after, cancel, cancelAll }), [after, cancel, cancelAll]);
}
