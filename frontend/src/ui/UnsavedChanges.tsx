import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { useBlocker } from "react-router";

import { ConfirmDialog } from "./Dialog";

/** While ``active``, closing or reloading the tab asks the browser's own "leave site?" first. */
function useWarnBeforeUnload(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active]);
}

/** What leaving would lose: an editor's unsaved edits ("this routine"), or work in progress
 * that is not an edit (an exercise set not yet stored), told in a sentence of its own. */
interface Unsaved {
  kind: "edits" | "work";
  /** For edits, what they are to ("this routine"); for work, the whole sentence. */
  text: string;
}
/** Each holder of something unsaved, by its id, and what it holds. */
type MarkUnsaved = (holder: string, unsaved: Unsaved | null) => void;
const MarkUnsavedContext = createContext<MarkUnsaved | null>(null);

/** One guard for the whole app (a router holds one blocker at a time, and a screen may hold
 * several editors, e.g. a new note and a note being rewritten): leaving for another screen (a
 * link, a tab, Back) while any editor holds unsaved edits asks first, and so does closing the
 * tab. A change of the address's query only (a filter, a week) is not leaving. */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  // Read when a navigation starts, which may come before the next render (right after a save).
  const unsaved = useRef(new Map<string, Unsaved>());
  const [count, setCount] = useState(0);
  const mark = useCallback<MarkUnsaved>((holder, what) => {
    if (what === null) unsaved.current.delete(holder);
    else unsaved.current.set(holder, what);
    setCount(unsaved.current.size);
  }, []);
  useWarnBeforeUnload(count > 0);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved.current.size > 0 && currentLocation.pathname !== nextLocation.pathname,
  );
  const [lost, setLost] = useState<{ edits: string; work: string[] }>({ edits: "", work: [] });
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    const held = [...unsaved.current.values()];
    const texts = (kind: Unsaved["kind"]) => [
      ...new Set(held.filter((item) => item.kind === kind).map((item) => item.text)),
    ];
    const [edits, work] = [texts("edits"), texts("work")];
    setLost({ edits: edits.join(" and "), work });
  }, [blocker.state]);
  return (
    <MarkUnsavedContext.Provider value={mark}>
      {children}
      <ConfirmDialog
        isOpen={blocker.state === "blocked"}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title="Leave without saving?"
        confirmLabel="Leave without saving"
        cancelLabel={lost.edits ? "Stay and keep editing" : "Stay"}
      >
        {lost.work.map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
        {lost.edits && <p>Your changes to {lost.edits} have not been saved. If you leave now, they are lost.</p>}
      </ConfirmDialog>
    </MarkUnsavedContext.Provider>
  );
}

/** Marks an editor's unsaved edits for the app's guard while ``dirty``. Call ``release`` just
 * before the editor itself navigates away after saving. */
export function useUnsavedChanges(dirty: boolean, what: string): { release: () => void } {
  return useMarkUnsaved(dirty ? "edits" : null, what);
}

/** Marks work in progress that leaving would lose, told by ``sentence`` in the question before
 * leaving ("Your set is not saved yet…"); null while there is none. */
export function useUnsavedWork(sentence: string | null): void {
  useMarkUnsaved(sentence === null ? null : "work", sentence ?? "");
}

function useMarkUnsaved(kind: Unsaved["kind"] | null, text: string): { release: () => void } {
  const mark = useContext(MarkUnsavedContext);
  if (mark === null) throw new Error("Marking unsaved work needs an <UnsavedChangesGuard> around the app");
  const holder = useId();
  useEffect(() => {
    mark(holder, kind === null ? null : { kind, text });
    return () => mark(holder, null);
  }, [mark, holder, kind, text]);
  return useMemo(() => ({ release: () => mark(holder, null) }), [mark, holder]);
}
