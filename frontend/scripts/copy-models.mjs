// Pose-estimation models and wasm files are served from our own origin, never a CDN: copy them
// from node_modules into public/models before dev and build. (public/models is git-ignored.)
//
// Only the files the app loads are copied (about 18 MB of the packages' 80):
// - MediaPipe Pose: its script, the SIMD wasm build, the graph, the packed assets (the person
//   detector) and the lite landmark model. The full and heavy models are not used, nor the
//   non-SIMD wasm build: a browser without wasm SIMD falls back to MoveNet instead.
// - TensorFlow.js's wasm backend binaries, with and without SIMD (the threaded one needs
//   cross-origin isolation, which the app does not use).
// - MoveNet Lightning out of @vladmandic/human's models.
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "public", "models");

const MODELS = [
  {
    from: "node_modules/@mediapipe/pose",
    to: "mediapipe-pose",
    files: [
      "pose.js",
      "pose_web.binarypb",
      "pose_solution_packed_assets_loader.js",
      "pose_solution_packed_assets.data",
      "pose_solution_simd_wasm_bin.js",
      "pose_solution_simd_wasm_bin.wasm",
      "pose_landmark_lite.tflite",
    ],
  },
  {
    from: "node_modules/@tensorflow/tfjs-backend-wasm/dist",
    to: "tfjs-wasm",
    files: ["tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm.wasm"],
  },
  {
    from: "node_modules/@vladmandic/human/models",
    to: "human",
    files: ["movenet-lightning.json", "movenet-lightning.bin"],
  },
];

// Start clean, so a file dropped from the list does not linger in the build.
rmSync(target, { recursive: true, force: true });
let bytes = 0;
for (const { from, to, files } of MODELS) {
  mkdirSync(join(target, to), { recursive: true });
  for (const file of files) {
    const source = join(root, from, file);
    if (!existsSync(source)) {
      console.error(`copy-models: ${join(from, file)} is missing; run npm ci first`);
      process.exit(1);
    }
    copyFileSync(source, join(target, to, file));
    bytes += statSync(source).size;
  }
}
console.log(`copy-models: ${(bytes / 1e6).toFixed(1)} MB of models ready in ${target}`);
