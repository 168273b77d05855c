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
export function useWarnBeforeUnload(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active]);
}

/** Each editor with unsaved edits, by its id: what it holds ("this routine"). */
type MarkUnsaved = (editor: string, what: string | null) => void;
const UnsavedEdits = createContext<MarkUnsaved | null>(null);

/** One guard for the whole app (a router holds one blocker at a time, and a screen may hold
 * several editors, e.g. a new note and a note being rewritten): leaving for another screen (a
 * link, a tab, Back) while any editor holds unsaved edits asks first, and so does closing the
 * tab. A change of the address's query only (a filter, a week) is not leaving. */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  // Read when a navigation starts, which may come before the next render (right after a save).
  const unsaved = useRef(new Map<string, string>());
  const [count, setCount] = useState(0);
  const mark = useCallback<MarkUnsaved>((editor, what) => {
    if (what === null) unsaved.current.delete(editor);
    else unsaved.current.set(editor, what);
    setCount(unsaved.current.size);
  }, []);
  useWarnBeforeUnload(count > 0);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved.current.size > 0 && currentLocation.pathname !== nextLocation.pathname,
  );
  const [what, setWhat] = useState("");
  useEffect(() => {
    if (blocker.state === "blocked") setWhat([...new Set(unsaved.current.values())].join(" and "));
  }, [blocker.state]);
  return (
    <UnsavedEdits.Provider value={mark}>
      {children}
      <ConfirmDialog
        isOpen={blocker.state === "blocked"}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title="Leave without saving?"
        confirmLabel="Leave without saving"
        cancelLabel="Stay and keep editing"
      >
        <p>Your changes to {what} have not been saved. If you leave now, they are lost.</p>
      </ConfirmDialog>
    </UnsavedEdits.Provider>
  );
}

/** Marks an editor's unsaved edits for the app's guard while ``dirty``. Call ``release`` just
 * before the editor itself navigates away after saving. */
export function useUnsavedChanges(dirty: boolean, what: string): { release: () => void } {
  const mark = useContext(UnsavedEdits);
  if (mark === null) throw new Error("useUnsavedChanges needs an <UnsavedChangesGuard> around the app");
  const editor = useId();
  useEffect(() => {
    mark(editor, dirty ? what : null);
    return () => mark(editor, null);
  }, [mark, editor, dirty, what]);
  return useMemo(() => ({ release: () => mark(editor, null) }), [mark, editor]);
}
