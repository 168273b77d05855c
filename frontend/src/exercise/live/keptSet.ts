// A set the server has not stored yet, kept so that it can be sent again. A worker may die in
// the middle of a set (a crash, a deploy, SIGKILL) and take the reps it counted with it; the
// stream then reconnects, to any worker, and sends the set again from its first frame under the
// same key, which the server stores once (docs/api.md, "Resending a set"). The frames are kept
// packed, as they went out: 532 bytes a frame, about 0.91 MiB a minute at 30 frames a second.
import { BYTES_PER_FRAME, MAX_FRAMES_PER_MESSAGE, VALUES_PER_FRAME } from "../pose/frames";
import type { SessionDetail, SetPrescription } from "./protocol";

/** Frames kept per set: ten minutes at 30 fps (about 9.1 MiB). A longer set keeps its last ten
 * minutes; resent, it counts from there, unless the server still holds a longer copy. */
export const MAX_KEPT_FRAMES = 18_000;
const BLOCK_BYTES = MAX_FRAMES_PER_MESSAGE * BYTES_PER_FRAME;
/** The most frames the batch endpoint takes for a set (3 minutes at 30 fps). */
export const MAX_BATCH_FRAMES = 5400;

export class KeptSet {
  readonly key: string;
  readonly prescription: SetPrescription;
  /** The patient ended the set (end_set was or will be sent). */
  ended = false;
  /** Resolves endSet()'s promise once the server stored the set. */
  waiter: ((detail: SessionDetail | null) => void) | null = null;
  /** Full blocks of MAX_FRAMES_PER_MESSAGE frames, then the one being filled. */
  private blocks: Uint8Array[] = [];
  private fill = 0;
  private count = 0;

  constructor(prescription: SetPrescription, key: string = crypto.randomUUID()) {
    this.prescription = prescription;
    this.key = key;
  }

  /** Frames kept. */
  get frames(): number {
    return this.count;
  }

  /** Bytes the frames take. */
  get bytes(): number {
    return this.count * BYTES_PER_FRAME;
  }

  /** Keep a message of packed frames (a copy: the message itself may go to the socket). */
  keep(packed: ArrayBuffer): void {
    const bytes = new Uint8Array(packed);
    for (let offset = 0; offset < bytes.byteLength;) {
      let block = this.blocks[this.blocks.length - 1];
      if (!block || this.fill === BLOCK_BYTES) {
        block = new Uint8Array(BLOCK_BYTES);
        this.blocks.push(block);
        this.fill = 0;
      }
      const take = Math.min(BLOCK_BYTES - this.fill, bytes.byteLength - offset);
      block.set(bytes.subarray(offset, offset + take), this.fill);
      this.fill += take;
      offset += take;
    }
    this.count += packed.byteLength / BYTES_PER_FRAME;
    while (this.count > MAX_KEPT_FRAMES) {
      this.blocks.shift();
      this.count -= MAX_FRAMES_PER_MESSAGE;
    }
  }

  /** The kept frames, oldest first, in messages the server accepts. */
  messages(): ArrayBuffer[] {
    return this.blocks.map(
      (block, index) => block.slice(0, index === this.blocks.length - 1 ? this.fill : BLOCK_BYTES).buffer,
    );
  }

  /** The set as one request to the batch endpoint (POST /exercise-sessions/{id}/sets), for when
   * the stream cannot store it: its key, so that it is stored once however often it is sent,
   * and its frames as rows of numbers (its last 3 minutes, the most the endpoint takes). */
  batchBody() {
    const rows: number[][] = [];
    for (const message of this.messages()) {
      const values = new Float32Array(message);
      for (let start = 0; start < values.length; start += VALUES_PER_FRAME) {
        rows.push(Array.from(values.subarray(start, start + VALUES_PER_FRAME)));
      }
    }
    return { ...this.prescription, set_key: this.key, frames: rows.slice(-MAX_BATCH_FRAMES) };
  }

  /** The start_set message that (re)opens this set on the server. */
  startMessage() {
    return { type: "start_set" as const, ...this.prescription, set_key: this.key };
  }
}
