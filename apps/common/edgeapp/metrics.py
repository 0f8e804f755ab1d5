"""Prometheus metrics shared by both services, so one dashboard and one set of alert rules fit both.

Exposed series (the route label is the route *template*, never the raw path, to bound cardinality):
  http_requests_total{method, route, status}
  http_request_duration_seconds_bucket{method, route, le}   (+ _sum, _count)

Multi-process servers (gunicorn workers, `uvicorn --workers N`) each hold their own counters. With
PROMETHEUS_MULTIPROC_DIR set (the images set it under /tmp, the only writable path), prometheus_client
keeps values in per-process files there and /metrics sums them, so one scrape sees the whole pod. The
entrypoint empties that directory at container start, as the client library requires.
"""
from __future__ import annotations

import os
from typing import Tuple

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess

# Fine resolution around the p95 < 500 ms objective (0.25 / 0.5 / 1 s) so histogram_quantile stays accurate
# there, plus the small buckets a healthy API lives in.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
UNMATCHED_ROUTE = "unmatched"
_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "http_requests",
    "HTTP requests handled, by method, route template and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time from request received to response sent, by method and route template.",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)


def method_label(method: str) -> str:
    # Clients can send any token as a method; unknown ones share one label value.
    upper = method.upper()
    return upper if upper in _KNOWN_METHODS else "OTHER"


def observe(method: str, route: str, status: int, seconds: float) -> None:
    method = method_label(method)
    REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    LATENCY.labels(method=method, route=route).observe(seconds)


def render() -> Tuple[bytes, str]:
    """Body and content type for GET /metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
