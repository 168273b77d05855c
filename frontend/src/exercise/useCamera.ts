import { useCallback, useEffect, useRef, useState } from "react";

import { describeCameraError, openCamera, stopCamera, type CameraProblem } from "./camera";

export type CameraStatus = "off" | "opening" | "on" | "failed";

/** The camera stream, opened when asked (so the browser's permission prompt comes right after
 * the patient chose to turn the camera on) and always stopped when the screen goes. */
export function useCamera() {
  const [status, setStatus] = useState<CameraStatus>("off");
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const mounted = useRef(true);

  const turnOn = useCallback(async () => {
    setStatus("opening");
    setProblem(null);
    try {
      const opened = await openCamera();
      if (!mounted.current) {
        stopCamera(opened);
        return;
      }
      stopCamera(streamRef.current);
      streamRef.current = opened;
      setStream(opened);
      setStatus("on");
    } catch (error) {
      if (!mounted.current) return;
      setProblem(describeCameraError(error));
      setStatus("failed");
    }
  }, []);

  const turnOff = useCallback(() => {
    stopCamera(streamRef.current);
    streamRef.current = null;
    setStream(null);
    setStatus("off");
  }, []);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      stopCamera(streamRef.current);
      streamRef.current = null;
    };
  }, []);

  return { status, stream, problem, turnOn, turnOff };
}
