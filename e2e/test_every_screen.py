"""Every screen of every role fits a phone and passes axe-core (issue 22).

- At 390 x 844 and 360 x 740, touch, upright and on their side (844 x 390, 740 x 360): nothing
  scrolls sideways, no visible element reaches past the screen's right edge, and every visible
  control (button, link, field, tab, checkbox or radio with its label) is at least 44 x 44 CSS px.
  A link inside a sentence is exempt, as WCAG 2.5.8 exempts inline targets.
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
from conftest import REPO, SCREENSHOTS, Api, Server, SignedIn, settled
from playwright.sync_api import Browser, Page, ViewportSize

PHONES: dict[str, ViewportSize] = {
    "390x844": {"width": 390, "height": 844},
    "360x740": {"width": 360, "height": 740},
    # The same phones turned on their side.
    "844x390": {"width": 844, "height": 390},
    "740x360": {"width": 740, "height": 360},
}
# WCAG 2.5.5 (AAA) and the platforms' guidelines: a finger needs 44 x 44 CSS px.
TARGET_PX = 44
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

# An element in a row that scrolls sideways on its own (a phone's tabs) is reached by scrolling
# that row: the row itself must fit the screen, not what it clips.
OFFENDERS = """(width) => {
  const inRowThatFits = (element) => {
    for (let row = element.parentElement; row; row = row.parentElement) {
      const overflow = getComputedStyle(row).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') {
        return row.getBoundingClientRect().right <= width + 0.5;
      }
    }
    return false;
  };
  const out = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden: clipped to 1 px
    if (getComputedStyle(element).visibility === 'hidden') continue;
    if (box.right > width + 0.5 && !inRowThatFits(element)) {
      const name = [element.tagName.toLowerCase(), ...element.classList].join('.');
      const text = (element.innerText || '').slice(0, 40);
      out.push(`${name} ends at ${Math.round(box.right)} px: "${text}"`);
    }
  }
  return { scroll: document.documentElement.scrollWidth, offenders: out.slice(0, 5) };
}"""


# Every visible control a finger may aim at, and its size. A checkbox or radio button is aimed at
# through its label, so the label's box counts for it. A link inside a sentence is exempt, as
# WCAG 2.5.8 exempts inline targets: its size is the text's, and the sentence keeps it apart.
SMALL_TARGETS = """(least) => {
  const selector = 'button, a[href], input:not([type=hidden]), select, textarea, summary, '
    + '[role=tab], [role=button], [role=checkbox], [role=radio], [role=switch], [role=menuitem]';
  const out = [];
  for (const element of document.querySelectorAll(selector)) {
    const style = getComputedStyle(element);
    let box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
    if (element.closest('[aria-hidden=true], [inert]')) continue;
    if (element.matches('a') && style.display === 'inline') {
      const parent = element.parentElement;
      const around = (parent?.textContent || '').trim().length;
      if (around > (element.textContent || '').trim().length) continue;  // inline, in a sentence
    }
    if (element.matches('input[type=checkbox], input[type=radio]')) {
      const label = element.closest('label') || (element.id
        && document.querySelector(`label[for="${CSS.escape(element.id)}"]`));
      if (label) {
        const own = label.getBoundingClientRect();
        box = { width: Math.max(own.width, box.width), height: Math.max(own.height, box.height) };
      }
    }
    if (box.width + 0.5 < least || box.height + 0.5 < least) {
      const name = [element.tagName.toLowerCase(), ...element.classList].join('.');
      const text = (element.innerText || element.getAttribute('aria-label')
        || element.getAttribute('name') || '').trim().slice(0, 30);
      out.push(`${name} "${text}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return out;
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
        touch = min(viewport["width"], viewport["height"]) < 600
        context = browser.new_context(
            viewport=viewport, has_touch=touch, device_scale_factor=2, storage_state=signed_in.state
        )
        opened.append((context, signed_in))
        return context.new_page()

    yield open_page
    for context, signed_in in reversed(opened):
        signed_in.state = context.storage_state()
        context.close()


# A page once loaded goes to the next screen as a link does, without loading the app again: each
# load trades the refresh cookie for a token, and four phone sizes of every screen in a minute
# would meet the refresh's rate limit (60 a minute), which shows "Telerehab cannot be reached".
FOLLOW_IN_APP = """(url) => {
  window.history.pushState({}, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}"""


def visit(page: Page, url: str) -> None:
    """Open a screen and wait until its heading is up and its sections have loaded."""
    if page.url.startswith("http"):
        page.evaluate(FOLLOW_IN_APP, url)
    else:
        page.goto(url)
    page.wait_for_function("(url) => window.location.href === url", arg=url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
    settled(page)
    unreachable = page.get_by_role("heading", name="Telerehab cannot be reached")
    assert unreachable.count() == 0, f"{url}: the sign-in could not be restored"


def keep_screenshot(page: Page, role: str, url: str, size: str) -> None:
    """Every screen of every role at every size, for a person to look at (test-artifacts/)."""
    name = url.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
    page.screenshot(path=str(SCREENSHOTS / f"screen-{role}-{name}-{size}.png"))


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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for url in screens[role]:
        visit(page, server.base_url + url)
        found = page.evaluate(OFFENDERS, viewport["width"])
        if found["scroll"] > viewport["width"] or found["offenders"]:
            failures.append(f"{url}: page {found['scroll']} px wide; {found['offenders']}")
        keep_screenshot(page, role, url, size)
        small = page.evaluate(SMALL_TARGETS, TARGET_PX)
        if small:
            failures.append(f"{url}: targets under {TARGET_PX} px: {small[:8]}")
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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for url in screens[role]:
        visit(page, server.base_url + url)
        failures += [f"{url}: {violation}" for violation in serious_violations(page)]
        keep_screenshot(page, role, url, size)
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
