// A stand-in for the browser's WebSocket in the live stream's tests: it keeps what the app
// sends, and the test plays the server (open, receive, drop).
import { BYTES_PER_FRAME } from "../pose/frames";
import type { SocketLike } from "./liveStream";

export class FakeSocket implements SocketLike {
  readyState = 0;
  bufferedAmount = 0;
  binaryType: BinaryType = "blob";
  sent: (string | ArrayBuffer)[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closedWith: number | null = null;

  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  receive(message: object) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(message) }));
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  send(data: string | ArrayBuffer) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }
  texts() {
    return this.sent
      .filter((item): item is string => typeof item === "string")
      .map((item) => JSON.parse(item) as { type: string; set_key?: string });
  }
  /** The keys of the sets started on this socket, in order. */
  setKeys() {
    return this.texts()
      .filter((message) => message.type === "start_set")
      .map((message) => message.set_key);
  }
  /** The timestamps of the frames sent, in order. */
  timestamps() {
    return this.binaries().flatMap((item) => {
      const values = new Float32Array(item);
      return Array.from({ length: item.byteLength / BYTES_PER_FRAME }, (_, row) => values[row * 133]!);
    });
  }
  frames() {
    return this.binaries().reduce((sum, item) => sum + item.byteLength / BYTES_PER_FRAME, 0);
  }
  /** The binary messages sent (frames), in order. */
  binaries() {
    return this.sent.filter((item): item is ArrayBuffer => typeof item !== "string");
  }
}
