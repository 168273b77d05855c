// The coaching said aloud, for a patient three metres from the screen: each form message as it
// comes (again when a later rep earns the same words), through the browser's own speech
// synthesis, with a switch the patient's choice is remembered by. Nothing leaves the device.
import { useCallback, useEffect, useState } from "react";

const STORAGE_KEY = "telerehab.voiceCoaching";

export function voiceAvailable(): boolean {
  return typeof window !== "undefined" && "speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function";
}

function storedChoice(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) !== "off";
  } catch {
    return true; // storage refused (a private window): speak, as by default
  }
}

export interface VoiceCoach {
  available: boolean;
  on: boolean;
  setOn: (on: boolean) => void;
}

/** Speak ``message`` whenever it or ``cue`` (the rep that earned it) changes, unless muted. */
export function useVoiceCoach(message: string | null, cue: unknown): VoiceCoach {
  const available = voiceAvailable();
  const [on, setOnState] = useState(storedChoice);

  useEffect(() => {
    if (!available || !on || !message) return;
    window.speechSynthesis.cancel(); // one message at a time: the newest replaces the last
    const utterance = new SpeechSynthesisUtterance(message);
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  }, [available, on, message, cue]);

  const setOn = useCallback((value: boolean) => {
    setOnState(value);
    try {
      window.localStorage.setItem(STORAGE_KEY, value ? "on" : "off");
    } catch {
      // not remembered; the switch still works for this session
    }
    if (!value && voiceAvailable()) window.speechSynthesis.cancel();
  }, []);

  return { available, on, setOn };
}
