"""The layout keeps its promises (issue 20): routers hold HTTP only and never import one another,
no module grows into several concerns, and the exercise engine imports nothing from the web or
the database. Each rule walks the package, so a new module is checked without editing this file."""

import ast
from pathlib import Path

import telerehab

PACKAGE = Path(telerehab.__file__).parent
ROUTERS = PACKAGE / "routers"
MODULE_LINES = 450  # a module past this holds several concerns: split it by concern
ROUTER_LINES = 200  # HTTP in, HTTP out; the rules live beside the models (domain/)
# The old app's URLs: a table of successors and 410s, no rule of its own; it goes with them.
ROUTERS_UNLIMITED = {"legacy.py"}
# The declarative table of every model and its constraints: one file, read as the schema.
UNLIMITED = {"models.py"}
ENGINE = PACKAGE / "exercise_logic"
WEB_OR_DATABASE = ("fastapi", "starlette", "sqlalchemy", "alembic", "pydantic", "redis")


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as dotted names (relative imports made absolute)."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_no_module_grows_past_its_limit() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): _lines(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in UNLIMITED and _lines(path) > MODULE_LINES
    }
    assert too_long == {}


def test_routers_hold_http_only() -> None:
    too_long = {
        path.name: _lines(path)
        for path in sorted(ROUTERS.glob("*.py"))
        if path.name not in ROUTERS_UNLIMITED and _lines(path) > ROUTER_LINES
    }
    assert too_long == {}


def test_no_router_imports_another() -> None:
    routers = {f"telerehab.routers.{path.stem}" for path in ROUTERS.glob("*.py")}
    crossing = {
        path.name: sorted(_imports(path) & (routers - {f"telerehab.routers.{path.stem}"}))
        for path in sorted(ROUTERS.glob("*.py"))
        if path.name != "__init__.py"
    }
    assert {name: found for name, found in crossing.items() if found} == {}


def _outside_the_engine(name: str) -> bool:
    top = name.split(".")[0]
    if top == "telerehab":
        # The enums are plain values the engine and the API share (Side, ExerciseType).
        return not name.startswith(("telerehab.exercise_logic", "telerehab.enums"))
    return top in WEB_OR_DATABASE


def test_the_engine_imports_nothing_from_the_web_or_the_database() -> None:
    leaks = {
        path.name: sorted(filter(_outside_the_engine, _imports(path)))
        for path in sorted(ENGINE.rglob("*.py"))
    }
    assert {name: found for name, found in leaks.items() if found} == {}
