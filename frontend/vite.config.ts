import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// In development the API runs on :8000 (make run); the app proxies to it so that cookies and
// the WebSocket stay same-origin, as they are in production where FastAPI serves the build.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", ws: true },
    },
  },
  build: { outDir: "dist", sourcemap: true },
  test: {
    // Not UTC: a test that mixes up local and UTC time fails here rather than for users.
    env: { TZ: "Europe/Berlin" },
    // Component tests drive real react-aria widgets in jsdom: slow on a busy machine, not stuck.
    testTimeout: 20_000,
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test-setup.ts"],
  },
});
