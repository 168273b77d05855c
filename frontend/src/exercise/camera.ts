// Opening the camera, and what to tell the patient when it does not open. The video stays on
// this device: only the pose model sees it.

export type CameraProblemKind = "denied" | "missing" | "busy" | "unsupported" | "unknown";

export interface CameraProblem {
  kind: CameraProblemKind;
  title: string;
  message: string;
}

const PROBLEMS: Record<CameraProblemKind, Omit<CameraProblem, "kind">> = {
  denied: {
    title: "The camera is blocked",
    message:
      "Your browser did not allow the camera. Click the camera icon in the address bar, choose Allow, then press Try again.",
  },
  missing: {
    title: "No camera found",
    message: "Connect a camera (or use a laptop or tablet with one), then press Try again.",
  },
  busy: {
    title: "The camera is in use",
    message: "Another app, such as a video call, is using the camera. Close it, then press Try again.",
  },
  unsupported: {
    title: "This browser cannot use the camera here",
    message: "Open Telerehab in an up-to-date Chrome, Edge, Firefox or Safari, at its secure (https) address.",
  },
  unknown: {
    title: "The camera did not start",
    message: "Check that the camera is connected and not covered, then press Try again.",
  },
};

function kindOf(error: unknown): CameraProblemKind {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "PermissionDeniedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
      return "missing";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "busy";
    case "TypeError":
    case "NotSupportedError":
      return "unsupported";
    default:
      return "unknown";
  }
}

export function describeCameraError(error: unknown): CameraProblem {
  const kind = kindOf(error);
  return { kind, ...PROBLEMS[kind] };
}

/** The front camera, at a size the pose models work well with (they scale it down anyway). */
/** The camera in the orientation the screen is held in: a phone upright asks for a portrait
 * picture (the camera's own, uncropped), a laptop or a phone on its side for a landscape one. */
export function cameraConstraints(portrait: boolean): MediaStreamConstraints {
  const [width, height] = portrait ? [720, 1280] : [1280, 720];
  return { audio: false, video: { facingMode: "user", width: { ideal: width }, height: { ideal: height } } };
}

function screenIsPortrait(): boolean {
  return window.matchMedia?.("(orientation: portrait)").matches ?? window.innerHeight > window.innerWidth;
}

export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new DOMException("No camera API in this context", "NotSupportedError");
  }
  return navigator.mediaDevices.getUserMedia(cameraConstraints(screenIsPortrait()));
}

export function stopCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
