// The live exercise WebSocket, kept alive for the whole session: it authenticates with its first
// message, re-opens a dropped connection and sends again, from its first frame, every set the
// server has not yet said it stored (set_saved): the connection may have dropped because the
// worker died, taking the reps it had counted with it. The server stores a set once, by its key,
// however often it comes (docs/api.md). The screen only says what to send; this class decides
// when it can go, and shows the screen only the server's messages about the set it is on.
import { chunkFrames, MAX_FRAMES_PER_MESSAGE, type TimedPose } from "../pose/frames";
import { KeptSet } from "./keptSet";
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
  /** The connection came back before the set on screen was stored: the server counts it again
   * from its first frame, so its first rep events repeat ones already shown. */
  onSetResumed?(): void;
  /** The number of sets not yet stored changed (a set started, was stored, or the stream closed):
   * leaving the screen now would lose them. */
  onUnsavedSets?(count: number): void;
  createSocket?(url: string): SocketLike;
  /** Attempts before giving up and asking the patient (about a minute in all). */
  maxAttempts?: number;
}

const OPEN = 1;
/** Server messages about a set, shown only when about the set on screen. */
const SET_MESSAGES = new Set<ServerMessage["type"]>([
  "set_started",
  "rep_completed",
  "phase_changed",
  "form_feedback",
  "out_of_view",
  "in_view",
  "set_saved",
]);
/** Above this much unsent data the network is slow: frames wait and go out in batches. */
const MAX_BUFFERED_BYTES = 64 * 1024;
const PING_EVERY_MS = 20_000;
/** Frames go out a few to a message, since each message costs the server more than a frame
 * does (docs/benchmarks.md, "Live streams per worker"). A batch leaves with its third frame, or
 * sooner when waiting for the next frame would hold its first back more than MAX_HOLD_S: at
 * 30 frames/s three to a message (the first held 67 ms), at 15 two, at 10 or fewer one. */
export const FRAMES_PER_MESSAGE = 3;
const MAX_HOLD_S = 0.07;
const ANSWER_TIMEOUT_MS = 15_000;

const LOST_FOR_GOOD = "The connection to the clinic was lost. Check your internet connection, then press Try again.";

export class LiveStream {
  private readonly options: Required<Omit<LiveStreamOptions, "onSetResumed" | "onUnsavedSets" | "url">> &
    Pick<LiveStreamOptions, "onSetResumed" | "onUnsavedSets">;
  private url: string | null;
  private socket: SocketLike | null = null;
  private ready = false;
  private stopped = false;
  private attempt = 0;
  private reauthenticated = false;
  /** Sets not yet stored, oldest first; the last is the one on screen, unless it was stored. */
  private kept: KeptSet[] = [];
  /** The set on screen: frames go to it until it ends. */
  private current: KeptSet | null = null;
  /** Frames of the current set not yet packed (at most a message's worth). */
  private pending: TimedPose[] = [];
  /** The last frame's timestamp, and the time between it and the one before (0 at first). */
  private lastFrameAt: number | null = null;
  private frameInterval = 0;
  /** The key of the set the server is counting now (from its set_started): its messages are
   * the screen's only when it is the set on screen. */
  private serverSet: string | null = null;
  private finishWaiter: { resolve(s: WorkoutSession): void; reject(e: Error): void } | null = null;
  /** The set the screen shows: the current one, or the last one until the next starts. */
  private screen: KeptSet | null = null;
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
    if (this.current) this.endCurrent(); // the server ends a set when the next one starts
    const set = new KeptSet(prescription);
    this.current = set;
    this.screen = set;
    this.keep([...this.kept, set]);
    if (this.ready) this.open(set);
  }

  sendFrame(frame: TimedPose): void {
    if (!this.current) return;
    this.frameInterval = this.lastFrameAt === null ? 0 : frame.timestamp - this.lastFrameAt;
    this.lastFrameAt = frame.timestamp;
    this.pending.push(frame);
    this.flush();
  }

  /** End the set; resolves with the set as stored, or null when the server has not stored it
   * within ANSWER_TIMEOUT_MS (the set stays kept, and is sent again once the stream is back). */
  endSet(): Promise<SessionDetail | null> {
    const set = this.current;
    if (!set) return Promise.resolve(null);
    this.endCurrent();
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), ANSWER_TIMEOUT_MS);
      const settle = (detail: SessionDetail | null) => {
        clearTimeout(timer);
        set.waiter = null;
        resolve(detail);
      };
      set.waiter = settle;
    });
  }

  /** The sets the server has not stored yet, oldest first. */
  unsavedSets(): readonly KeptSet[] {
    return this.kept;
  }

  /** Frames kept for sets not yet stored, and the memory they take. */
  keptFrames(): { frames: number; bytes: number } {
    const frames = this.kept.reduce((sum, set) => sum + set.frames, 0) + this.pending.length;
    return { frames, bytes: this.kept.reduce((sum, set) => sum + set.bytes, 0) };
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
    for (const set of this.kept) set.waiter?.(null);
    this.keep([]);
    this.current = null;
    this.screen = null;
    this.pending = [];
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

  private keep(sets: KeptSet[]): void {
    const changed = sets.length !== this.kept.length;
    this.kept = sets;
    if (changed) this.options.onUnsavedSets?.(sets.length);
  }

  private receive(raw: string): void {
    const message = parseServerMessage(raw);
    if (!message) return;
    const shown = this.forScreen(message);
    if (message.type === "ready") {
      const resumed = this.attempt > 0 && this.screen !== null && this.kept.includes(this.screen);
      this.ready = true;
      this.attempt = 0;
      this.reauthenticated = false;
      this.startPing();
      this.status("open");
      if (resumed) this.options.onSetResumed?.();
      for (const set of this.kept) this.open(set);
    } else if (message.type === "set_started") {
      this.serverSet = message.set_key ?? null;
    } else if (message.type === "set_saved") {
      const set = this.kept.find((kept) => kept.key === message.set_key);
      this.keep(this.kept.filter((kept) => kept !== set));
      set?.waiter?.(message.detail);
    } else if (message.type === "finished") {
      this.finishWaiter?.resolve(message.session);
      this.finishWaiter = null;
      this.stopped = true;
    }
    if (shown) this.options.onMessage(message);
  }

  private async closed(code: number): Promise<void> {
    this.ready = false;
    this.socket = null;
    this.serverSet = null;
    this.stopPing();
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

  /** Whether a message of the server's is about the set on screen (or about no set). */
  private forScreen(message: ServerMessage): boolean {
    if (!SET_MESSAGES.has(message.type)) return true;
    const key = message.type === "set_saved" || message.type === "set_started" ? message.set_key : this.serverSet;
    return key !== null && key !== undefined && key === this.screen?.key;
  }

  /** (Re)open ``set`` on the server: start_set, every frame kept, and end_set if it ended. */
  private open(set: KeptSet): void {
    const socket = this.socket;
    if (!socket || !this.ready) return;
    this.send(set.startMessage());
    for (const message of set.messages()) socket.send(message);
    if (set.ended) this.send({ type: "end_set" });
    else this.flush(true); // frames that waited for the stream are late already
  }

  /** The set on screen ends: its last frames go out (or wait with it), then end_set. */
  private endCurrent(): void {
    const set = this.current;
    if (!set) return;
    this.flush(true);
    set.ended = true;
    this.current = null;
    if (this.ready) this.send({ type: "end_set" });
  }

  /** Pack the frames waiting into the current set and send them once they make a batch, unless
   * the network is backed up (then they wait and go out together); `force` sends them
   * regardless, before a set ends. While the stream is down they are packed a message's worth
   * at a time. */
  private flush(force = false): void {
    const set = this.current;
    const socket = this.ready ? this.socket : null;
    if (!set || this.pending.length === 0) return;
    const waiting = !socket || (!force && socket.bufferedAmount > MAX_BUFFERED_BYTES);
    if (!force && this.pending.length < (waiting ? MAX_FRAMES_PER_MESSAGE : FRAMES_PER_MESSAGE)) {
      const nextFrameDue = this.pending[this.pending.length - 1]!.timestamp + this.frameInterval;
      if (waiting || nextFrameDue - this.pending[0]!.timestamp <= MAX_HOLD_S) return;
    }
    for (const message of chunkFrames(this.pending, set.world)) {
      set.keep(message);
      if (socket) socket.send(message);
    }
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
