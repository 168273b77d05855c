import { act, renderHook } from "@testing-library/react";

import { useVoiceCoach } from "./useVoiceCoach";

class FakeUtterance {
  rate = 1;
  constructor(readonly text: string) {}
}

describe("useVoiceCoach", () => {
  const speak = vi.fn();
  const cancel = vi.fn();
  beforeEach(() => {
    localStorage.clear();
    speak.mockClear();
    cancel.mockClear();
    vi.stubGlobal("SpeechSynthesisUtterance", FakeUtterance);
    Object.defineProperty(window, "speechSynthesis", { value: { speak, cancel }, configurable: true });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    Reflect.deleteProperty(window, "speechSynthesis");
  });

  const spoken = () => speak.mock.calls.map(([utterance]) => (utterance as FakeUtterance).text);

  it("says each message, and the same words again for a later rep", () => {
    const { rerender } = renderHook(({ message, cue }) => useVoiceCoach(message, cue), {
      initialProps: { message: null as string | null, cue: 0 },
    });
    expect(spoken()).toEqual([]);
    rerender({ message: "Keep your elbow still.", cue: 1 });
    rerender({ message: "Keep your elbow still.", cue: 2 });
    rerender({ message: "Curl all the way up.", cue: 3 });
    expect(spoken()).toEqual(["Keep your elbow still.", "Keep your elbow still.", "Curl all the way up."]);
  });

  it("stays quiet once switched off, and remembers it", () => {
    const first = renderHook(({ message }) => useVoiceCoach(message, 0), {
      initialProps: { message: null as string | null },
    });
    act(() => first.result.current.setOn(false));
    first.rerender({ message: "Go lower." });
    expect(spoken()).toEqual([]);
    expect(cancel).toHaveBeenCalled();
    const later = renderHook(() => useVoiceCoach("Go lower.", 1));
    expect(later.result.current.on).toBe(false);
    expect(spoken()).toEqual([]);
  });

  it("offers no switch where the browser cannot speak", () => {
    Reflect.deleteProperty(window, "speechSynthesis");
    const { result } = renderHook(() => useVoiceCoach("Go lower.", 1));
    expect(result.current.available).toBe(false);
  });
});
