import { useEffect, useEffectEvent, useState } from "react";

/** Counts down from `seconds` to zero, one step a second, each time `running` turns true.
 * `onTick` hears every number, the first one and the zero included; the number to show is
 * returned. */
export function useCountdown(running: boolean, seconds: number, onTick: (left: number) => void): number {
  const [left, setLeft] = useState(seconds);
  const tick = useEffectEvent(onTick);
  useEffect(() => {
    if (!running) return;
    let remaining = seconds;
    setLeft(remaining);
    tick(remaining);
    const timer = setInterval(() => {
      remaining -= 1;
      setLeft(remaining);
      tick(remaining);
      if (remaining <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [running, seconds]);
  return left;
}
