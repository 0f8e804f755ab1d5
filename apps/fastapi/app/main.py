"""edgestack FastAPI service (uvicorn, port 8001).

GET /healthz            liveness: the process answers; no dependency is touched (a database outage must not
                        make Kubernetes restart every pod).
GET /readyz             readiness: PostgreSQL and Redis round trips (see edgeapp.readiness); 503 names the failing one.
GET /metrics            Prometheus text format.
GET /api/v1/items       the example resource: filter, sort, paginate the catalogue.
GET /api/v1/items/{id}  one item, 404 if unknown.
"""
from __future__ import annotations

import logging
from typing import Dict, List, Optional

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from edgeapp import metrics
from edgeapp.tracing import configure_tracing
from edgeapp.logs import configure_logging
from edgeapp.readiness import readiness_body
from edgeapp.settings import load_settings, summary

from . import catalog
from .middleware import MetricsMiddleware

configure_logging()
log = logging.getLogger("edgeapp.fastapi")
SETTINGS = load_settings()
log.info("service configured", extra={"fields": {"service": "fastapi", "config": summary(SETTINGS)}})


class ItemOut(BaseModel):
    id: int
    name: str
    category: str
    price_cents: int
    stock: int
    in_stock: bool


class ItemsPage(BaseModel):
    items: List[ItemOut]
    total: int
    limit: int
    offset: int
    next_offset: Optional[int]


# Interactive docs pull scripts from a CDN and are not part of the API contract; the schema stays available.
app = FastAPI(title="edgestack-fastapi", version="1.0.0", docs_url=None, redoc_url=None)
app.add_middleware(MetricsMiddleware)
# After the middleware: the SDK's instrumentation wraps the whole stack, so the access line is written inside its span.
configure_tracing(app, "fastapi")


# /healthz is `async def`: trivial, no I/O, no thread hop. The catalogue endpoints stay plain `def` (run in
# FastAPI's thread pool): with response-model validation, `async def` measured 2-3x fewer req/s in
# tools/bench-apps.ts on the tested FastAPI/pydantic versions; re-measure before changing.
@app.get("/healthz")
async def healthz() -> Dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
def readyz() -> JSONResponse:
    # A plain `def`: FastAPI runs it in its thread pool, so blocking driver calls never stall the event loop.
    status, body = readiness_body(SETTINGS)
    return JSONResponse(body, status_code=status)


@app.get("/metrics")
def prometheus_metrics() -> Response:
    # Sync: in multiprocess mode this reads one file per worker and metric type.
    body, content_type = metrics.render()
    return Response(content=body, media_type=content_type)


@app.get("/api/v1/items", response_model=ItemsPage)
def list_items(
    category: Optional[str] = Query(None, description=f"one of {', '.join(catalog.CATEGORIES)}"),
    q: Optional[str] = Query(None, min_length=1, max_length=64, description="case-insensitive name search"),
    min_price_cents: Optional[int] = Query(None, ge=0),
    max_price_cents: Optional[int] = Query(None, ge=0),
    in_stock: Optional[bool] = Query(None),
    sort: str = Query("id", description=f"one of {', '.join(catalog.SORT_KEYS)}"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> Dict[str, object]:
    try:
        page = catalog.search(
            category=category,
            q=q,
            min_price_cents=min_price_cents,
            max_price_cents=max_price_cents,
            in_stock=in_stock,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    except catalog.QueryError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return {
        "items": [item.to_dict() for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "next_offset": page.next_offset,
    }


@app.get("/api/v1/items/{item_id}", response_model=ItemOut)
def get_item(item_id: int) -> Dict[str, object]:
    item = catalog.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"item {item_id} not found")
    return item.to_dict()
