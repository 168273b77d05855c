// The camera preview with the skeleton drawn over it, mirrored like a mirror. Overlays (the
// countdown, "step back into view") sit outside the mirrored frame so their text reads normally.
import { type ReactNode, type RefObject, useEffect, useRef } from "react";

import styles from "./ExerciseScreen.module.css";

interface CameraStageProps {
  stream: MediaStream | null;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  /** Called with the video once it plays (null when it stops). */
  onVideo: (video: HTMLVideoElement | null) => void;
  placeholder?: ReactNode;
  overlay?: ReactNode;
  banner?: string | null;
  badge?: string | null;
  /** The rep count and the coaching message over the picture, for layouts where the panel is
   * below it (a phone): a patient two metres away reads them on their own picture. */
  overPicture?: { reps: number; goal: number; coaching: string | null } | null;
}

export function CameraStage({
  stream,
  canvasRef,
  onVideo,
  placeholder,
  overlay,
  banner,
  badge,
  overPicture,
}: CameraStageProps) {
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !stream) {
      onVideo(null);
      return;
    }
    video.srcObject = stream;
    const ready = () => {
      void video.play().then(
        () => onVideo(video),
        () => onVideo(video),
      );
    };
    video.addEventListener("loadedmetadata", ready);
    return () => {
      video.removeEventListener("loadedmetadata", ready);
      video.srcObject = null;
      onVideo(null);
    };
  }, [stream, onVideo]);

  return (
    <div className={styles.camera}>
      {stream ? (
        <div className={styles.frame}>
          <video
            ref={videoRef}
            muted
            playsInline
            autoPlay
            aria-label="Your camera, shown as a mirror image. The video stays on this device."
          />
          <canvas ref={canvasRef} aria-hidden="true" />
        </div>
      ) : (
        <div className={styles.cameraPlaceholder}>{placeholder}</div>
      )}
      {overlay && <div className={styles.overlay}>{overlay}</div>}
      {banner && (
        <p className={styles.banner} role="alert">
          {banner}
        </p>
      )}
      {badge && <span className={styles.trackerBadge}>{badge}</span>}
      {overPicture && (
        <div className={styles.overlayLive} aria-hidden="true">
          {overPicture.coaching && (
            <p className={styles.overlayCoaching} data-testid="coaching-caption">
              {overPicture.coaching}
            </p>
          )}
          <div className={styles.overlayCounter}>
            <strong>{overPicture.reps}</strong>
            <span>/ {overPicture.goal}</span>
          </div>
        </div>
      )}
    </div>
  );
}
