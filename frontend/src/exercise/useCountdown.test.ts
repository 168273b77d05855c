import { act, renderHook } from "@testing-library/react";

import { useCountdown } from "./useCountdown";

describe("useCountdown", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("counts down a step a second while running, telling every number, and starts over next time", () => {
    const onTick = vi.fn();
    const { result, rerender } = renderHook(({ running }) => useCountdown(running, 3, onTick), {
      initialProps: { running: false },
    });
    expect(onTick).not.toHaveBeenCalled();

    rerender({ running: true });
    expect(result.current).toBe(3);
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(result.current).toBe(0);
    expect(onTick.mock.calls).toEqual([[3], [2], [1], [0]]);
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(onTick).toHaveBeenCalledTimes(4);

    rerender({ running: false });
    rerender({ running: true });
    expect(result.current).toBe(3);
    expect(onTick).toHaveBeenLastCalledWith(3);
  });

  it("stops when it is no longer running", () => {
    const onTick = vi.fn();
    const { rerender } = renderHook(({ running }) => useCountdown(running, 3, onTick), {
      initialProps: { running: true },
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    rerender({ running: false });
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(onTick.mock.calls).toEqual([[3], [2]]);
  });
});
