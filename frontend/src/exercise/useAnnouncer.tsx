import { useCallback, useState } from "react";

/** A polite live region: what a screen reader should say, without moving focus. Re-saying the
 * same words (a second "Keep your elbow still") needs the text to change, hence the counter. */
export function useAnnouncer() {
  const [announcement, setAnnouncement] = useState({ text: "", count: 0 });
  const announce = useCallback((text: string) => {
    setAnnouncement((previous) => ({ text, count: previous.count + 1 }));
  }, []);
  const region = (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {announcement.text}
      {announcement.count % 2 ? "\u200b" : ""}
    </p>
  );
  return { announce, region };
}
