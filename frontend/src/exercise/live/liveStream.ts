// The live exercise WebSocket, kept alive for the whole session: it authenticates with its first
// message, re-opens a dropped connection (the server keeps every rep already counted and stores
// the interrupted part of the set), resumes the set in progress, and sends the frames that piled
// up meanwhile. The screen only says what to send; this class decides when it can go.
import { chunkFrames, MAX_FRAMES_PER_MESSAGE, type TimedPose } from "../pose/frames";
import {
  closeMessage,
  closeVerdict,
  encode,
  parseServerMessage,
  reconnectDelayMs,
  type ClientMessage,
  type Rating,
  type ServerMessage,
  type SessionDetail,
  type SetPrescription,
  type WorkoutSession,
} from "./protocol";

/** The part of the browser's WebSocket this class uses (a fake stands in for it in tests). */
export interface SocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: BinaryType;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export type StreamState = "connecting" | "open" | "reconnecting" | "failed" | "closed";

export interface StreamStatus {
  state: StreamState;
  /** Reconnection attempts since the last good connection. */
  attempt: number;
  /** For "failed": what happened and what to do. */
  message: string | null;
}

export interface LiveStreamOptions {
  /** The stream's address; may instead be given to connect() once the session exists. */
  url?: string;
  getToken(): string | null;
  /** Trade the refresh cookie for a new access token; false when signed out. */
  refresh(): Promise<boolean>;
  onMessage(message: ServerMessage): void;
  onStatus(status: StreamStatus): void;
  /** The connection came back in the middle of a set, which goes on as a new part. */
  onSetResumed?(): void;
  createSocket?(url: string): SocketLike;
  /** Attempts before giving up and asking the patient (about a minute in all). */
  maxAttempts?: number;
}

const OPEN = 1;
/** Frames kept while offline: three minutes at 30 fps, the server's longest set. */
const MAX_PENDING_FRAMES = MAX_FRAMES_PER_MESSAGE * 18;
/** Above this much unsent data the network is slow: frames wait and go out in batches. */
const MAX_BUFFERED_BYTES = 64 * 1024;
const PING_EVERY_MS = 20_000;
const ANSWER_TIMEOUT_MS = 15_000;

const LOST_FOR_GOOD = "The connection to the clinic was lost. Check your internet connection, then press Try again.";

export class LiveStream {
  private readonly options: Required<Omit<LiveStreamOptions, "onSetResumed" | "url">> &
    Pick<LiveStreamOptions, "onSetResumed">;
  private url: string | null;
  private socket: SocketLike | null = null;
  private ready = false;
  private stopped = false;
  private attempt = 0;
  private reauthenticated = false;
  private currentSet: SetPrescription | null = null;
  private setSentOnThisSocket = false;
  private pending: TimedPose[] = [];
  private savedWaiters: ((detail: SessionDetail | null) => void)[] = [];
  private finishWaiter: { resolve(s: WorkoutSession): void; reject(e: Error): void } | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;

  constructor(options: LiveStreamOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url),
      maxAttempts: 12,
      ...options,
    };
    this.url = options.url ?? null;
  }

  /** Open the connection. A set may start before (its frames wait): the screen creates the
   * stream when the patient presses Start, and connects it once the session exists. */
  connect(url?: string): void {
    if (url) this.url = url;
    if (!this.url) throw new Error("LiveStream.connect() needs the stream's address");
    this.stopped = false;
    this.clearRetry();
    this.status(this.attempt === 0 ? "connecting" : "reconnecting");
    const socket = this.options.createSocket(this.url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      const token = this.options.getToken();
      socket.send(encode({ type: "auth", token: token ?? "" }));
    };
    socket.onmessage = (event) => {
      if (typeof event.data === "string") this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) void this.closed(event.code);
    };
  }

  /** Try again after the stream gave up (the patient pressed "Try again"). */
  retry(): void {
    // Counted as a reconnection, so a set in progress is resumed once the stream is back.
    this.attempt = 1;
    this.reauthenticated = false;
    this.connect();
  }

  /** Begin a set; frames sent from now on belong to it. */
  startSet(prescription: SetPrescription): void {
    this.currentSet = prescription;
    this.pending = [];
    this.setSentOnThisSocket = false;
    if (this.ready) this.sendStartSet();
  }

  sendFrame(frame: TimedPose): void {
    if (!this.currentSet) return;
    this.pending.push(frame);
    if (this.pending.length > MAX_PENDING_FRAMES) this.pending.shift();
    this.flush();
  }

  /** End the set; resolves with the set as stored (null when the connection dropped first:
   * the server then stored what it had counted). */
  endSet(): Promise<SessionDetail | null> {
    if (!this.currentSet) return Promise.resolve(null);
    this.flush(true);
    this.currentSet = null;
    this.pending = [];
    if (!this.ready || !this.setSentOnThisSocket) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), ANSWER_TIMEOUT_MS);
      const settle = (detail: SessionDetail | null) => {
        clearTimeout(timer);
        this.savedWaiters = this.savedWaiters.filter((waiter) => waiter !== settle);
        resolve(detail);
      };
      this.savedWaiters.push(settle);
      this.send({ type: "end_set" });
    });
  }

  /** Close the session with the patient's rating. Rejects when the stream is down, so the
   * caller can finish through the REST endpoint instead (finishing twice is harmless). */
  finish(rating: Rating): Promise<WorkoutSession> {
    if (!this.ready) return Promise.reject(new Error("The live connection is not open."));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.finishWaiter = null;
        reject(new Error("The server did not answer."));
      }, ANSWER_TIMEOUT_MS);
      this.finishWaiter = {
        resolve: (session) => {
          clearTimeout(timer);
          resolve(session);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.send({ type: "finish", ...rating });
    });
  }

  close(): void {
    this.stopped = true;
    this.clearRetry();
    this.stopPing();
    this.ready = false;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= OPEN) socket.close(1000);
    this.status("closed");
  }

  // -- internals --------------------------------------------------------------------------

  private receive(raw: string): void {
    const message = parseServerMessage(raw);
    if (!message) return;
    if (message.type === "ready") {
      const resumed = this.attempt > 0 && this.currentSet !== null;
      this.ready = true;
      this.attempt = 0;
      this.reauthenticated = false;
      this.startPing();
      this.status("open");
      if (this.currentSet) {
        this.sendStartSet();
        if (resumed) this.options.onSetResumed?.();
      }
    } else if (message.type === "set_saved") {
      this.savedWaiters[0]?.(message.detail);
    } else if (message.type === "finished") {
      this.finishWaiter?.resolve(message.session);
      this.finishWaiter = null;
      this.stopped = true;
    }
    this.options.onMessage(message);
  }

  private async closed(code: number): Promise<void> {
    this.ready = false;
    this.socket = null;
    this.setSentOnThisSocket = false;
    this.stopPing();
    for (const waiter of [...this.savedWaiters]) waiter(null);
    if (this.stopped) {
      this.status("closed");
      return;
    }
    this.finishWaiter?.reject(new Error(closeMessage(code)));
    this.finishWaiter = null;
    const verdict = closeVerdict(code);
    if (verdict === "done") {
      this.status("closed");
      return;
    }
    if (verdict === "give-up") {
      this.fail(closeMessage(code));
      return;
    }
    if (verdict === "reauthenticate") {
      if (this.reauthenticated || !(await this.options.refresh())) {
        this.fail(closeMessage(code));
        return;
      }
      this.reauthenticated = true;
    }
    this.attempt += 1;
    if (this.attempt > this.options.maxAttempts) {
      this.fail(LOST_FOR_GOOD);
      return;
    }
    this.status("reconnecting");
    this.retryTimer = setTimeout(() => this.connect(), reconnectDelayMs(this.attempt));
  }

  private sendStartSet(): void {
    if (!this.currentSet) return;
    this.send({ type: "start_set", ...this.currentSet });
    this.setSentOnThisSocket = true;
    this.flush();
  }

  /** Send the frames waiting, unless the network is backed up (then they wait for the next
   * frame, and go out together); `force` sends them regardless, before a set ends. */
  private flush(force = false): void {
    const socket = this.socket;
    if (!socket || !this.ready || !this.setSentOnThisSocket || this.pending.length === 0) return;
    if (!force && socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    for (const message of chunkFrames(this.pending)) socket.send(message);
    this.pending = [];
  }

  private send(message: ClientMessage): void {
    if (this.socket && this.socket.readyState === OPEN) this.socket.send(encode(message));
  }

  private fail(message: string): void {
    this.stopped = true;
    this.options.onStatus({ state: "failed", attempt: this.attempt, message });
  }

  private status(state: StreamState): void {
    this.options.onStatus({ state, attempt: this.attempt, message: null });
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => this.send({ type: "ping" }), PING_EVERY_MS);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
