import { useEffect, useState } from 'react';

/** Returns the current time, updated every `intervalMs` while `isActive`; a countdown re-renders only its own node. */
export function useNow(isActive: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!isActive) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [isActive, intervalMs]);

  return now;
}
