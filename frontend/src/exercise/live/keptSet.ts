// A set the server has not stored yet, kept so that it can be sent again. A worker may die in
// the middle of a set (a crash, a deploy, SIGKILL) and take the reps it counted with it; the
// stream then reconnects, to any worker, and sends the set again from its first frame under the
// same key, which the server stores once (docs/api.md, "Resending a set"). The frames are kept
// packed, as they went out: 532 bytes a frame, about 0.91 MiB a minute at 30 frames a second
// (928 bytes and 1.59 MiB for a set with world landmarks), and resent with the same
// world_landmarks as they first went with.
import { bytesPerFrame, MAX_FRAMES_PER_MESSAGE, valuesPerFrame } from "../pose/frames";
import type { SessionDetail, SetPrescription } from "./protocol";

/** Frames kept per set: ten minutes at 30 fps (about 9.1 MiB, 15.9 with world landmarks). A
 * longer set keeps its last ten minutes; resent, it counts from there, unless the server still
 * holds a longer copy. */
export const MAX_KEPT_FRAMES = 18_000;
/** The most frames the batch endpoint takes for a set (3 minutes at 30 fps). */
export const MAX_BATCH_FRAMES = 5400;

export class KeptSet {
  readonly key: string;
  readonly prescription: SetPrescription;
  /** The patient ended the set (end_set was or will be sent). */
  ended = false;
  /** Resolves endSet()'s promise once the server stored the set. */
  waiter: ((detail: SessionDetail | null) => void) | null = null;
  /** A frame's size, which its set's world_landmarks decides. */
  private readonly frameBytes: number;
  private readonly blockBytes: number;
  /** Full blocks of MAX_FRAMES_PER_MESSAGE frames, then the one being filled. */
  private blocks: Uint8Array[] = [];
  private fill = 0;
  private count = 0;

  constructor(prescription: SetPrescription, key: string = crypto.randomUUID()) {
    this.prescription = prescription;
    this.key = key;
    this.frameBytes = bytesPerFrame(this.world);
    this.blockBytes = MAX_FRAMES_PER_MESSAGE * this.frameBytes;
  }

  /** Its frames carry world landmarks (packed by packFrames with this). */
  get world(): boolean {
    return this.prescription.world_landmarks;
  }

  /** Frames kept. */
  get frames(): number {
    return this.count;
  }

  /** Bytes the frames take. */
  get bytes(): number {
    return this.count * this.frameBytes;
  }

  /** Keep a message of frames packed as this set's (with world landmarks if it has them); a
   * copy: the message itself may go to the socket. */
  keep(packed: ArrayBuffer): void {
    const bytes = new Uint8Array(packed);
    for (let offset = 0; offset < bytes.byteLength;) {
      let block = this.blocks[this.blocks.length - 1];
      if (!block || this.fill === this.blockBytes) {
        block = new Uint8Array(this.blockBytes);
        this.blocks.push(block);
        this.fill = 0;
      }
      const take = Math.min(this.blockBytes - this.fill, bytes.byteLength - offset);
      block.set(bytes.subarray(offset, offset + take), this.fill);
      this.fill += take;
      offset += take;
    }
    this.count += packed.byteLength / this.frameBytes;
    while (this.count > MAX_KEPT_FRAMES) {
      this.blocks.shift();
      this.count -= MAX_FRAMES_PER_MESSAGE;
    }
  }

  /** The kept frames, oldest first, in messages the server accepts. */
  messages(): ArrayBuffer[] {
    return this.blocks.map(
      (block, index) => block.slice(0, index === this.blocks.length - 1 ? this.fill : this.blockBytes).buffer,
    );
  }

  /** The set as one request to the batch endpoint (POST /exercise-sessions/{id}/sets), for when
   * the stream cannot store it: its key, so that it is stored once however often it is sent,
   * and its frames as rows of numbers (its last 3 minutes, the most the endpoint takes). */
  batchBody() {
    const rows: number[][] = [];
    const width = valuesPerFrame(this.world);
    for (const message of this.messages()) {
      const values = new Float32Array(message);
      for (let start = 0; start < values.length; start += width) {
        rows.push(Array.from(values.subarray(start, start + width)));
      }
    }
    return { ...this.prescription, set_key: this.key, frames: rows.slice(-MAX_BATCH_FRAMES) };
  }

  /** The start_set message that (re)opens this set on the server. */
  startMessage() {
    return { type: "start_set" as const, ...this.prescription, set_key: this.key };
  }
}
