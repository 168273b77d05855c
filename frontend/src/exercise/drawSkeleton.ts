// The skeleton over the camera preview: the bones the model found, the joints the exercise
// measures drawn larger and in colour. Dark outlines keep the lines readable on any background.
import { isVisible, SKELETON, type Pose } from "./pose/landmarks";

const BONE = "rgba(255, 255, 255, 0.95)";
const OUTLINE = "rgba(16, 32, 42, 0.75)";
const JOINT = "#ffffff";
const MEASURED = "#ffb000";

export function drawSkeleton(
  context: CanvasRenderingContext2D,
  pose: Pose | null,
  measured: ReadonlySet<number>,
): void {
  const { width, height } = context.canvas;
  context.clearRect(0, 0, width, height);
  if (!pose) return;
  const scale = Math.max(2, Math.min(width, height) / 160);
  const at = (index: number) => {
    const landmark = pose[index];
    return isVisible(landmark) ? { x: landmark.x * width, y: landmark.y * height } : null;
  };

  context.lineCap = "round";
  for (const [lineWidth, colour] of [
    [scale * 2.2, OUTLINE],
    [scale * 1.2, BONE],
  ] as const) {
    context.lineWidth = lineWidth;
    context.strokeStyle = colour;
    context.beginPath();
    for (const [from, to] of SKELETON) {
      const a = at(from);
      const b = at(to);
      if (!a || !b) continue;
      context.moveTo(a.x, a.y);
      context.lineTo(b.x, b.y);
    }
    context.stroke();
  }

  pose.forEach((_, index) => {
    const point = at(index);
    if (!point || (index < 11 && !measured.has(index))) return; // no face dots
    const big = measured.has(index);
    context.beginPath();
    context.arc(point.x, point.y, scale * (big ? 3.2 : 1.8), 0, Math.PI * 2);
    context.fillStyle = big ? MEASURED : JOINT;
    context.fill();
    context.lineWidth = scale * 0.8;
    context.strokeStyle = OUTLINE;
    context.stroke();
  });
}
