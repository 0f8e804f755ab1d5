"""edgestack Flask service (gunicorn, port 5000).

GET /healthz                 liveness: the process answers; no dependency is touched.
GET /readyz                  readiness: PostgreSQL and Redis round trips (see edgeapp.readiness); 503 names the failing one.
GET /metrics                 Prometheus text format (summed over gunicorn workers in multiprocess mode).
GET /api/v1/orders           the example resource: filter, paginate and price orders.
GET /api/v1/orders/<id>      one priced order, 404 if unknown.
Every error is JSON, never Flask's HTML page.
"""
from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from edgeapp import metrics, tracing
from edgeapp.logs import configure_logging
from edgeapp.readiness import readiness_body
from edgeapp.settings import load_settings, summary

from . import orders

configure_logging()
log = logging.getLogger("edgeapp.flask")
SETTINGS = load_settings()
log.info("service configured", extra={"fields": {"service": "flask", "config": summary(SETTINGS)}})

app = Flask(__name__)
app.json.sort_keys = False  # type: ignore[attr-defined]  # keep fields in the order the code builds them


tracing.configure_tracing(app, "flask")


@app.before_request
def _start_timer() -> None:
    g.started = time.perf_counter()
    # Without the OpenTelemetry SDK, the request's span (edgeapp.tracing); with it, the instrumentation's.
    g.trace_token = tracing.begin(request.method, request.path, request.headers.get("traceparent"))


@app.after_request
def _record(response: Response) -> Response:
    # Flask also runs after_request for responses built by error handlers (404, 500), so every request counts.
    started = g.get("started")
    rule = request.url_rule
    route = rule.rule if rule is not None else metrics.UNMATCHED_ROUTE
    if started is not None:
        metrics.observe(request.method, route, response.status_code, time.perf_counter() - started)
    # gunicorn writes the access line after the request: hand it the ids while they are still current.
    tracing.stamp_environ(request.environ)
    tracing.finish(g.pop("trace_token", None), route, response.status_code)
    return response


@app.errorhandler(HTTPException)
def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    return jsonify({"detail": error.description}), error.code


@app.errorhandler(Exception)
def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
    log.exception("unhandled error on %s %s", request.method, request.path)
    return jsonify({"detail": "internal server error"}), 500


@app.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify(status="ok")


@app.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    status, body = readiness_body(SETTINGS)
    return jsonify(body), status


@app.get("/metrics")
def prometheus_metrics() -> Response:
    body, content_type = metrics.render()
    return Response(body, content_type=content_type)


@app.get("/api/v1/orders")
def list_orders():  # type: ignore[no-untyped-def]
    try:
        return jsonify(orders.list_orders(request.args.to_dict()))
    except orders.QueryError as error:
        return jsonify({"detail": str(error)}), 400


@app.get("/api/v1/orders/<int:order_id>")
def get_order(order_id: int):  # type: ignore[no-untyped-def]
    order = orders.get_order(order_id)
    if order is None:
        return jsonify({"detail": f"order {order_id} not found"}), 404
    return jsonify(order)
