"""The interactive API reference at /docs: Swagger UI served from our own origin, never a CDN.

The scripts and styles come from the ``swagger-ui-bundle-v2`` package (Swagger UI 5, which reads
the OpenAPI 3.1 document FastAPI writes), mounted under /docs/assets; the page's only script of
its own is /docs/init.js, so the page's Content-Security-Policy (``security.DOCS_CSP``) allows
scripts from 'self' alone, no inline script. FastAPI's ReDoc page loaded its script from a CDN
and is not served.
"""

import json

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS_URL = "/docs"
DOCS_ASSETS_URL = f"{DOCS_URL}/assets"
DOCS_INIT_URL = f"{DOCS_URL}/init.js"


def docs_page(title: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/png" href="{DOCS_ASSETS_URL}/favicon-32x32.png">
<link rel="stylesheet" href="{DOCS_ASSETS_URL}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{DOCS_ASSETS_URL}/swagger-ui-bundle.js"></script>
<script src="{DOCS_INIT_URL}"></script>
</body>
</html>
"""


def docs_init_script(openapi_url: str) -> str:
    options = {
        "url": openapi_url,
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        "deepLinking": True,
        "showExtensions": True,
        "showCommonExtensions": True,
    }
    return (
        f"window.ui = SwaggerUIBundle(Object.assign({json.dumps(options)}, "
        "{presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]}));\n"
    )


def install_api_docs(app: FastAPI) -> None:
    """Serve /docs; the app must be created with ``docs_url=None, redoc_url=None``."""
    page = docs_page(app.title)
    script = docs_init_script(app.openapi_url or "/openapi.json")
    app.mount(DOCS_ASSETS_URL, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get(DOCS_INIT_URL, include_in_schema=False)
    async def api_docs_init() -> Response:
        return Response(script, media_type="text/javascript")
