"""The interactive API reference at /docs comes from our own origin: no CDN, a CSP of 'self'."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient


def _references(page: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)


def test_the_docs_page_loads_everything_from_our_origin(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    references = _references(page.text)
    assert references, page.text
    assert [url for url in references if not url.startswith("/")] == []
    assert "//" not in page.text.replace("<!--", "")  # no protocol-relative or absolute URL
    for url in references:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url


def test_the_docs_page_allows_scripts_from_our_origin_only(
    app: FastAPI, client: TestClient
) -> None:
    policy = client.get("/docs").headers["content-security-policy"]
    directives = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    assert directives["script-src"] == "'self'"
    assert "http" not in policy
    # FastAPI's ReDoc page loads its script from a CDN: not served.
    assert "/redoc" not in {getattr(route, "path", None) for route in app.routes}
