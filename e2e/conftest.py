"""End-to-end fixtures: the built web app on a real ``telerehab serve``, driven by Playwright.

One server for the whole run, on a fresh SQLite database in a temporary directory, seeded with
the demo clinic (fixed seed). Debian's Chromium, never a downloaded browser. Each role signs in
once through the login form; later pages reuse that sign-in through its refresh cookie (the
access token lives in the page's memory only), and the cookie each page ends with is kept for
the next one, because a refresh token works once.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    StorageState,
    ViewportSize,
    expect,
    sync_playwright,
)

from tests.shared_data import shared_data

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "frontend" / "dist"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
# The fake camera's video: E2E_VIDEO, or bicep_curl.mp4 from ../shared/data (outside the repo).
TEST_VIDEO = os.environ.get("E2E_VIDEO")
# The fake camera loops the video's first 13.6 s: four whole curls, from the arm hanging straight
# to the arm hanging straight. The whole 14.8 s clip ends at the top of a fifth curl, so each loop
# jumped from a bent arm to a straight one, a movement no patient makes, and the signals of the
# engine disagreed on whether that jump and the curl after it were one rep or two.
CAMERA_LOOP_SECONDS = 13.6

PASSWORD = "demo-clinic-2026"  # noqa: S105  the demo clinic's published password
SEED = 2026
# A doctor, one of that doctor's patients (the seed gives dr.okafor the first ten), an admin.
USERS = {"doctor": "dr.okafor", "patient": "ada.achebe", "admin": "admin"}
HOME = {"doctor": "/dashboard", "patient": "/today", "admin": "/admin/accounts"}

LAPTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 820, "height": 1180}
VIEWPORTS = {"1366x768": LAPTOP, "820x1180": TABLET}

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

READY_TIMEOUT_S = 60
# Generous waits: CI machines are small and busy, and a wait that is long enough costs nothing
# when the page is quick.
ACTION_TIMEOUT_MS = 60_000
expect.set_options(timeout=30_000)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--record-landmarks",
        action="store_true",
        help="keep the landmarks the browser streamed in test_clips.py as backend/tests/data/*.npz "
        "(and record MediaPipe Pose too, minutes a clip)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that only record test data are left out unless asked for: the suite skips nothing."""
    if config.getoption("--record-landmarks"):
        return
    recorders = [item for item in items if item.get_closest_marker("records")]
    if recorders:
        config.hook.pytest_deselected(items=recorders)
        items[:] = [item for item in items if not item.get_closest_marker("records")]


@pytest.fixture(scope="session")
def record_landmarks(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--record-landmarks"))


# -- the server --------------------------------------------------------------------------------


@dataclass
class Server:
    base_url: str
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def _telerehab() -> str:
    beside_python = Path(sys.executable).with_name("telerehab")
    found = str(beside_python) if beside_python.exists() else shutil.which("telerehab")
    if not found:
        pytest.fail("The telerehab command is not installed: run `make deps`.")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"telerehab serve exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.25)
    pytest.fail(
        f"telerehab serve was not ready after {READY_TIMEOUT_S} s:\n{log.read_text()[-3000:]}"
    )


@pytest.fixture(scope="session")
def web_app() -> Path:
    """The built web app. Built by `make test-e2e` (`make web`), never by the tests."""
    if not (DIST / "index.html").is_file():
        pytest.fail(
            f"{DIST / 'index.html'} is missing: build the web app first (`make web`; "
            "`make test-e2e` does it for you)."
        )
    return DIST


@pytest.fixture(scope="session")
def server(web_app: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'telerehab.db'}",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "WEB_APP_DIR": str(web_app),
        "LOG_JSON": "false",
    }
    command = _telerehab()
    # cwd is the scratch directory, so no developer's .env can leak into the run.
    for step in (["migrate"], ["seed-demo", "--seed", str(SEED)]):
        done = subprocess.run(  # noqa: S603  our own CLI, fixed arguments
            [command, *step], cwd=workdir, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.fail(f"telerehab {' '.join(step)} failed:\n{done.stdout}\n{done.stderr}")
    port = _free_port()
    log = workdir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603  our own CLI, fixed arguments
            [command, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url + "/readyz", process, log)
        yield Server(base_url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the API, for setting the scene and checking what was stored --------------------------------


class Api:
    """A signed-in API client for one user (its own sign-in, apart from the browser's)."""

    def __init__(self, server: Server, username: str) -> None:
        self.client = httpx.Client(base_url=server.base_url, timeout=15)
        answer = self.client.post(
            "/api/v1/auth/login", data={"username": username, "password": PASSWORD}
        )
        answer.raise_for_status()
        body = answer.json()
        self.user: dict[str, Any] = body["user"]
        self.client.headers["Authorization"] = f"Bearer {body['access_token']}"

    def get(self, path: str, **params: Any) -> Any:
        answer = self.client.get(path, params=params)
        answer.raise_for_status()
        return answer.json()

    def send(self, method: str, path: str, body: Any) -> Any:
        answer = self.client.request(method, path, json=body)
        answer.raise_for_status()
        return answer.json() if answer.content else None


@pytest.fixture(scope="session")
def api(server: Server) -> Callable[[str], Api]:
    clients: dict[str, Api] = {}

    def for_role(role: str) -> Api:
        if role not in clients:
            clients[role] = Api(server, USERS[role])
        return clients[role]

    return for_role


@pytest.fixture(scope="session")
def patient_id(api: Callable[[str], Api]) -> int:
    """The e2e patient, checked to be in the e2e doctor's care (the seed's promise)."""
    mine = api("doctor").get("/api/v1/patients", limit=100)["items"]
    ids = {item["username"]: item["id"] for item in mine}
    assert USERS["patient"] in ids, f"{USERS['patient']} is not a patient of {USERS['doctor']}"
    return int(ids[USERS["patient"]])


# -- the browser ---------------------------------------------------------------------------------


def _launch(playwright: Playwright, extra_args: list[str] | None = None) -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-browser.sh")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *(extra_args or [])], headless=True
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = _launch(playwright)
    yield launched
    launched.close()


@dataclass(frozen=True)
class Clip:
    """A clip for Chromium's fake camera: the loop of bicep_curl.mp4 (CAMERA_LOOP_SECONDS) through
    ffmpeg's video filters, made as a .y4m at test time (never committed)."""

    name: str
    filters: str = ""  # ffmpeg's -vf, applied to the loop
    # Played this many times slower, for a pose tracker too slow to see the clip in real time;
    # the frames' timestamps are divided by it again to give the clip's own time.
    slower: int = 1

    def __post_init__(self) -> None:
        # Each of the clip's 30 frames a second is held `slower` times as long, so the file is
        # no larger than the clip's. Chromium reads a .y4m's frame rate as a whole number (a
        # file of 3.75 frames/s plays at 3), so the rate must be one.
        if 30 % self.slower:
            raise ValueError(f"{self.slower} does not divide 30 frames/s")

    def ffmpeg_filters(self) -> list[str]:
        steps = [self.filters] if self.filters else []
        if self.slower > 1:
            steps += [f"setpts={self.slower}*PTS", f"fps={30 // self.slower}"]
        return ["-vf", ",".join(steps)] if steps else []


BICEP_CURL = Clip("bicep_curl")


def make_camera_file(clip: Clip, folder: Path) -> Path:
    """The clip as a .y4m in ``folder``, from E2E_VIDEO or ../shared/data's bicep_curl.mp4."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        pytest.fail("ffmpeg is not installed: run scripts/ensure-browser.sh")
    video = (
        Path(TEST_VIDEO)
        if TEST_VIDEO
        else shared_data("video/bicep_curl.mp4", "the fake camera's video bicep_curl.mp4")
    )
    if not video.is_file():
        pytest.fail(f"The test video {video} (E2E_VIDEO) is missing.")
    target = folder / f"{clip.name}.y4m"
    subprocess.run(  # noqa: S603  ffmpeg from PATH on files we name
        [ffmpeg, "-v", "error", "-y", "-t", str(CAMERA_LOOP_SECONDS), "-i", str(video),
         *clip.ffmpeg_filters(), "-pix_fmt", "yuv420p", str(target)],
        check=True,
    )  # fmt: skip
    return target


@pytest.fixture(scope="session")
def camera_files(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Clip], Path]:
    """camera_files(clip) -> the clip's .y4m, made once per run."""
    made: dict[Clip, Path] = {}

    def file_of(clip: Clip) -> Path:
        if clip not in made:
            made[clip] = make_camera_file(clip, tmp_path_factory.mktemp("camera"))
        return made[clip]

    return file_of


@pytest.fixture(scope="session")
def fake_camera_file(camera_files: Callable[[Clip], Path]) -> Path:
    return camera_files(BICEP_CURL)


def launch_with_camera(playwright: Playwright, video: Path) -> Browser:
    """Chromium whose camera plays ``video`` in a loop, with permission already given."""
    return _launch(
        playwright,
        [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


@pytest.fixture(scope="session")
def camera_browser(playwright: Playwright, fake_camera_file: Path) -> Iterator[Browser]:
    """Chromium whose camera plays the loop of bicep_curl.mp4."""
    launched = launch_with_camera(playwright, fake_camera_file)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def camera_playing(
    playwright: Playwright, camera_files: Callable[[Clip], Path]
) -> Iterator[Callable[[Clip], Browser]]:
    """camera_playing(clip) -> a Chromium whose camera plays that clip (one per clip, closed
    with the module)."""
    launched: dict[Clip, Browser] = {}

    def browser_for(clip: Clip) -> Browser:
        if clip not in launched:
            launched[clip] = launch_with_camera(playwright, camera_files(clip))
        return launched[clip]

    yield browser_for
    for browser in launched.values():
        browser.close()


# -- signing in once per role --------------------------------------------------------------------


def go(page: Page, link: str) -> None:
    """Follow a link of the main navigation (through its menu on a phone) and wait for the
    screen's heading."""
    navigation = page.get_by_role("navigation", name="Main")
    menu = navigation.get_by_role("button", name=re.compile("^Menu"))
    expect(navigation).to_be_visible()
    if menu.is_visible():
        menu.click()
    navigation.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


# The e2e patient's doctor (USERS["doctor"]), as the app names them.
DOCTOR_NAME = "Dr. Amara Okafor"


def open_conversation_with_doctor(page: Page) -> Locator:
    """From any screen of the patient: Messages, their doctor's conversation; the thread."""
    go(page, "Messages")
    page.get_by_role("region", name="Conversations").get_by_role(
        "link", name=re.compile(DOCTOR_NAME)
    ).first.click()
    return page.get_by_role("log", name=f"Messages with {DOCTOR_NAME}")


def settled(page: Page) -> None:
    """Every section has loaded: no spinner left on the screen (charts load last). Not
    "networkidle": the app's live-update stream stays open for as long as the page does."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # the sections' requests have started, their spinners shown
    expect(page.locator(".loading")).to_have_count(0)


def sign_in(page: Page, server: Server, username: str, password: str = PASSWORD) -> None:
    page.goto(server.url("/login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@dataclass
class SignedIn:
    """A role's sign-in as a browser storage state: the refresh cookie, renewed by every page."""

    role: str
    state: StorageState = field(default_factory=lambda: StorageState(cookies=[], origins=[]))


@pytest.fixture(scope="session")
def sessions(browser: Browser, server: Server) -> dict[str, SignedIn]:
    signed_in: dict[str, SignedIn] = {}
    for role, username in USERS.items():
        context = browser.new_context(viewport=LAPTOP)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        sign_in(page, server, username)
        page.wait_for_url(server.url(HOME[role]))
        signed_in[role] = SignedIn(role, context.storage_state())
        context.close()
    return signed_in


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember each phase's outcome on the test, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


FAILURES = REPO / "test-artifacts" / "failures"


@pytest.fixture
def requests_seen() -> dict[Page, list[str]]:
    """Every URL each page opened by open_as requested, from its first navigation on."""
    return {}


@pytest.fixture
def open_as(
    request: pytest.FixtureRequest,
    browser: Browser,
    server: Server,
    sessions: dict[str, SignedIn],
    requests_seen: dict[Page, list[str]],
) -> Iterator[Callable[..., Page]]:
    """open_as("doctor", "/patients") -> a page signed in as that role (restored from the
    cookie), at that path. The context's cookie is kept for the next page when the test ends."""
    opened: list[tuple[BrowserContext, SignedIn]] = []

    def open_page(
        role: str, path: str, *, viewport: ViewportSize = LAPTOP, on: Browser | None = None
    ) -> Page:
        signed_in = sessions[role]
        context = (on or browser).new_context(viewport=viewport, storage_state=signed_in.state)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append((context, signed_in))
        page = context.new_page()
        urls: list[str] = []
        requests_seen[page] = urls
        page.on("request", lambda request: urls.append(request.url))
        page.goto(server.url(path))
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # What the pages showed when the test failed, for whoever reads the CI log.
        FAILURES.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(requests_seen):
            page.screenshot(path=str(FAILURES / f"{request.node.name}-{number}.png"))
    for context, signed_in in reversed(opened):
        signed_in.state = context.storage_state()
        context.close()
    # Every page, in every test: nothing comes from a CDN or any other origin.
    for page, urls in requests_seen.items():
        assert outside_our_origin(urls, server) == [], f"{page.url} fetched from elsewhere"


# -- screenshots ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def snap(screenshot_dir: Path) -> Callable[[Page, str], None]:
    """snap(page, "patient-today") saves the screen at laptop and tablet size."""

    def take(page: Page, name: str) -> None:
        original = page.viewport_size
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(300)  # layout and charts settle after a resize
            page.screenshot(path=str(screenshot_dir / f"{name}-{label}.png"), full_page=False)
        if original:
            page.set_viewport_size(original)

    return take


def outside_our_origin(urls: list[str], server: Server) -> list[str]:
    """The requests that went anywhere but our own server (a CDN, a font host...)."""
    return [url for url in urls if not url.startswith((server.base_url, "data:", "blob:"))]
