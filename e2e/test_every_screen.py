"""Every screen of every role fits a phone and passes axe-core (issue 22).

- At 390 x 844 and 360 x 740, touch: nothing scrolls sideways and no visible element reaches past
  the screen's right edge.
- At 1280 x 800 and 390 x 844, axe-core (axe-playwright-python) finds no violation of serious or
  critical impact, on the sign-in pages too.

The routes come from the web app's router (frontend/src/App.tsx) and the patient page's tabs, so a
new screen cannot be forgotten: a route with no way to fill its parameters here fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO, Api, Server, SignedIn, settled
from playwright.sync_api import Browser, Page, ViewportSize

PHONES: dict[str, ViewportSize] = {
    "390x844": {"width": 390, "height": 844},
    "360x740": {"width": 360, "height": 740},
}
AXE_SIZES: dict[str, ViewportSize] = {
    "1280x800": {"width": 1280, "height": 800},
    "390x844": {"width": 390, "height": 844},
}
SERIOUS = {"serious", "critical"}
ROUTER = REPO / "frontend" / "src" / "App.tsx"
# A route ending in :tab opens each tab its screen lists.
TABS_OF = {
    "patients/:patientId/:tab": REPO / "frontend" / "src" / "patients" / "PatientScreen.tsx",
    "care/:tab": REPO / "frontend" / "src" / "care" / "MyCareScreen.tsx",
}
# Routes every signed-in role sees; the rest belong to the role their RequireRole block names.
SHARED = {"account", "notifications"}
NOT_SCREENS = {"/login", "/register", "*", "admin"}  # the sign-in pages, 404, a redirect

OFFENDERS = """(width) => {
  const out = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden: clipped to 1 px
    if (getComputedStyle(element).visibility === 'hidden') continue;
    if (box.right > width + 0.5) {
      const name = [element.tagName.toLowerCase(), ...element.classList].join('.');
      const text = (element.innerText || '').slice(0, 40);
      out.push(`${name} ends at ${Math.round(box.right)} px: "${text}"`);
    }
  }
  return { scroll: document.documentElement.scrollWidth, offenders: out.slice(0, 5) };
}"""


def router_routes() -> dict[str, list[str]]:
    """Each role's route patterns, read from the router's RequireRole blocks."""
    source = ROUTER.read_text()
    routes: dict[str, list[str]] = {"doctor": [], "patient": [], "admin": []}
    role_of_block: list[str] = []
    for line in source.splitlines():
        block = re.search(r'RequireRole roles=\{\["(\w+)"(?:, "(\w+)")?\]\}', line)
        if block:
            role_of_block = [name for name in block.groups() if name]
        elif "</Route>" in line and role_of_block and line.strip() == "</Route>":
            role_of_block = []
        for path in re.findall(r'path="([^"]+)"', line):
            if path in NOT_SCREENS or f"/{path}" in NOT_SCREENS:
                continue
            owners = role_of_block or (list(routes) if path in SHARED else [])
            for role in owners:
                routes[role].append(path)
    return routes


def tabs(pattern: str) -> list[str]:
    return re.findall(r'\{ id: "(\w+)", label:', TABS_OF[pattern].read_text())


def fill(pattern: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"no value for :{name} in route {pattern}: add it to the test"
        return values[name]

    return "/" + re.sub(r":(\w+)", value, pattern)


@pytest.fixture(scope="module")
def screens(api: Callable[[str], Api], patient_id: int) -> dict[str, list[str]]:
    """Every screen of every role, as URLs."""
    doctor = api("doctor")
    combo = doctor.get("/api/v1/combos", mine=True, limit=1)["items"][0]["id"]
    values = {
        "patientId": str(patient_id),
        "comboId": str(combo),
        "userId": str(api("patient").user["id"]),
        "code": "bridge",  # an exercise of the library
    }
    result: dict[str, list[str]] = {}
    for role, patterns in router_routes().items():
        urls = []
        for pattern in patterns:
            if role == "patient" and pattern == "messages/:userId":
                urls.append(fill(pattern, {"userId": str(doctor.user["id"])}))
            elif pattern in TABS_OF:
                urls += [fill(pattern, {**values, "tab": tab}) for tab in tabs(pattern)]
            else:
                urls.append(fill(pattern, values))
        result[role] = urls
    result["patient"] += ["/exercise?exercise=squat"]
    return result


def test_the_router_is_read_whole(screens: dict[str, list[str]]) -> None:
    # A guard on the parsing itself: each role's screens are found, shared ones for all.
    assert {"/today", "/exercise", "/brain", "/progress", "/account"} <= set(screens["patient"])
    assert {"/care/plan", "/care/sessions", "/care/record"} <= set(screens["patient"])
    assert {"/dashboard", "/patients", "/routines/new", "/schedule"} <= set(screens["doctor"])
    assert {"/admin/accounts", "/admin/audit", "/notifications"} <= set(screens["admin"])
    assert "/today" not in screens["doctor"] and "/dashboard" not in screens["admin"]


@pytest.fixture
def phone_page(
    browser: Browser, sessions: dict[str, SignedIn], request: pytest.FixtureRequest
) -> Iterator[Callable[[str, ViewportSize], Page]]:
    opened = []

    def open_page(role: str, viewport: ViewportSize) -> Page:
        signed_in = sessions[role]
        touch = viewport["width"] < 600
        context = browser.new_context(
            viewport=viewport, has_touch=touch, device_scale_factor=2, storage_state=signed_in.state
        )
        opened.append((context, signed_in))
        return context.new_page()

    yield open_page
    for context, signed_in in reversed(opened):
        signed_in.state = context.storage_state()
        context.close()


def visit(page: Page, url: str) -> None:
    """Open a screen and wait until its heading is up and its sections have loaded."""
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
    settled(page)


@pytest.mark.parametrize("size", list(PHONES))
@pytest.mark.parametrize("role", ["patient", "doctor", "admin"])
def test_every_screen_fits_a_phone(
    phone_page: Callable[[str, ViewportSize], Page],
    screens: dict[str, list[str]],
    server: Server,
    role: str,
    size: str,
) -> None:
    viewport = PHONES[size]
    page = phone_page(role, viewport)
    failures = []
    for url in screens[role]:
        visit(page, server.base_url + url)
        found = page.evaluate(OFFENDERS, viewport["width"])
        if found["scroll"] > viewport["width"] or found["offenders"]:
            failures.append(f"{url}: page {found['scroll']} px wide; {found['offenders']}")
    assert failures == [], "\n".join(failures)


def serious_violations(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
        for violation in found
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("size", list(AXE_SIZES))
@pytest.mark.parametrize("role", ["patient", "doctor", "admin"])
def test_every_screen_passes_axe(
    phone_page: Callable[[str, ViewportSize], Page],
    screens: dict[str, list[str]],
    server: Server,
    role: str,
    size: str,
) -> None:
    page = phone_page(role, AXE_SIZES[size])
    failures = []
    for url in screens[role]:
        visit(page, server.base_url + url)
        failures += [f"{url}: {violation}" for violation in serious_violations(page)]
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("size", list(AXE_SIZES))
def test_the_sign_in_pages_pass_axe(browser: Browser, server: Server, size: str) -> None:
    context = browser.new_context(viewport=AXE_SIZES[size])
    page = context.new_page()
    failures = []
    for url in ("/login", "/register"):
        page.goto(server.base_url + url)
        page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
        failures += [f"{url}: {violation}" for violation in serious_violations(page)]
    context.close()
    assert failures == [], "\n".join(failures)
