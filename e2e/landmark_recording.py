"""What the browser sends the server: the landmarks of each set, caught on the exercise WebSocket.

The page streams a set as ``start_set`` (JSON, with the frame rate it measured), then binary
messages of frames (little-endian float32 rows of a timestamp and the 33 landmarks' x, y, z and
visibility, then with MediaPipe the world landmarks' x, y, z), then ``end_set``.
``StreamRecorder`` listens to what the page sends and decodes each binary message as the server
does (``telerehab.live.sessions``), so a recording holds exactly what the engine was given.
``write_recording`` keeps one as test data for the backend's tests (``backend/tests/data``), with
a line in that folder's README saying where it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
from playwright.sync_api import Page, WebSocket

from telerehab.live.sessions import MAX_FRAMES_PER_MESSAGE, frame_width, parse_frames

TEST_DATA = Path(__file__).resolve().parents[1] / "backend" / "tests" / "data"
STREAM = re.compile(r"/api/v1/exercise-sessions/\d+/stream$")


@dataclass
class StreamedSet:
    """One set as the page sent it."""

    exercise: str
    fps: float  # the frame rate the page declared when the set began
    key: str | None
    world: bool = False  # each frame carries the world landmarks too (``world_landmarks``)
    batches: list[npt.NDArray[np.float64]] = field(default_factory=list)
    ended: bool = False

    @property
    def frames(self) -> npt.NDArray[np.float64]:
        if not self.batches:
            return np.empty((0, frame_width(self.world)))
        return np.concatenate(self.batches)


class StreamRecorder:
    """Every set a page streams on the exercise WebSocket, from the moment it is attached. A set
    sent again after a reconnection (the same ``set_key``) replaces its first copy."""

    def __init__(self, page: Page) -> None:
        self.sets: list[StreamedSet] = []
        self._current: StreamedSet | None = None
        page.on("websocket", self._opened)

    def _opened(self, socket: WebSocket) -> None:
        if STREAM.search(socket.url):
            socket.on("framesent", self._sent)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            if self._current is not None:
                world = self._current.world
                rows = np.frombuffer(payload, dtype="<f4").reshape(-1, frame_width(world))
                self._current.batches.append(parse_frames(rows, MAX_FRAMES_PER_MESSAGE, world))
            return
        message = json.loads(payload)
        if message.get("type") == "start_set":
            key = message.get("set_key")
            self.sets = [kept for kept in self.sets if key is None or kept.key != key]
            world = bool(message.get("world_landmarks", False))
            self._current = StreamedSet(message["exercise"], float(message["fps"]), key, world)
            self.sets.append(self._current)
        elif message.get("type") in ("end_set", "finish") and self._current is not None:
            self._current.ended = True
            self._current = None


@dataclass(frozen=True)
class Provenance:
    """Where a recording came from, for the README beside it."""

    clip: str  # the video and what was done to it
    tracker: str  # the pose model, as the app's badge names it
    how: str  # the test and the options that made it


def write_recording(
    name: str, streamed: StreamedSet, provenance: Provenance, *, slower: int = 1
) -> Path:
    """Keep ``streamed`` as ``backend/tests/data/<name>.npz``: ``frames`` (float32 rows as sent),
    ``fps`` and ``world_landmarks`` (whether the rows carry them). A clip played ``slower``
    times slower has its timestamps and frame rate brought back to the clip's own time. The
    folder's README gets (or has replaced) a line for it."""
    frames = streamed.frames.copy()
    start = frames[0, 0]
    frames[:, 0] = start + (frames[:, 0] - start) / slower
    fps = streamed.fps * slower
    span = frames[-1, 0] - frames[0, 0]
    target = TEST_DATA / f"{name}.npz"
    np.savez_compressed(
        target,
        frames=frames.astype(np.float32),
        fps=np.float32(round(fps, 1)),
        world_landmarks=np.bool_(streamed.world),
    )
    speed = f", played {slower} times slower and its timestamps divided by {slower}" * (slower > 1)
    line = (
        f"- `{target.name}`: {provenance.clip}{speed}; {provenance.tracker} in headless Chromium, "
        f"{len(frames)} frames over {span:.1f} s of the clip ({(len(frames) - 1) / span:.1f} "
        f"frames/s; {fps:.1f} declared as the set began); "
        f"{streamed.exercise}, recorded {datetime.now(UTC).date().isoformat()} by "
        f"{provenance.how}."
    )
    readme = TEST_DATA / "README.md"
    lines = readme.read_text().splitlines() if readme.exists() else []
    lines = [kept for kept in lines if not kept.startswith(f"- `{target.name}`")] + [line]
    readme.write_text("\n".join(lines) + "\n")
    return target
