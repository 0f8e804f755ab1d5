"""Request tracing, and the trace id of the current request for every log line.

Configured by the standard OpenTelemetry environment variables (the platform sets them on every pod):
OTEL_EXPORTER_OTLP_ENDPOINT (unset = no export), OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER(_ARG).

- With the OpenTelemetry SDK installed (the images: requirements.txt) the SDK does the work: TracerProvider,
  sampler and OTLP/HTTP exporter from the environment, spans from the FastAPI/Flask instrumentation.
- Without it (Debian ships no python3-opentelemetry, so local runs and CI use this path) a minimal exporter: one
  SERVER span per request, W3C traceparent in, the same parent-based ratio sampling, OTLP/HTTP JSON (the OTLP
  specification's JSON encoding, which the collector's otlp receiver accepts) posted from a background thread.

Either way a request that arrives with a `traceparent` (Istio's sidecar, Kong) continues that trace, and log lines
written while it is served carry `trace_id` and `span_id` (logs.JsonFormatter), so a trace in X-Ray and its log
lines in CloudWatch find each other.
"""
from __future__ import annotations

import atexit
import contextvars
import json
import logging
import math
import os
import queue
import random
import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

try:  # The SDK path: only when every piece is installed.
    from opentelemetry import trace as otel_trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
except ImportError:  # pragma: no cover - depends on the environment
    otel_trace = None

log = logging.getLogger("edgeapp.tracing")
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_INVALID = ("0" * 32, "0" * 16)


@dataclass
class Span:
    trace_id: str
    span_id: str
    parent_span_id: Optional[str]
    sampled: bool
    name: str
    start_ns: int = field(default_factory=time.time_ns)
    attributes: Dict[str, Any] = field(default_factory=dict)


_current: contextvars.ContextVar[Optional[Span]] = contextvars.ContextVar("edgeapp_span", default=None)


def current_ids() -> Optional[Tuple[str, str]]:
    """(trace_id, span_id) of the request being served, as 32/16 hex digits; None outside a request."""
    if otel_trace is not None:
        ctx = otel_trace.get_current_span().get_span_context()
        if ctx.is_valid:
            return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")
    span = _current.get()
    return (span.trace_id, span.span_id) if span else None


def _sampler(name: str, arg: str) -> Callable[[str, Optional[bool]], bool]:
    """The SDK's samplers by their OTEL_TRACES_SAMPLER names: (trace_id, parent_sampled or None) -> sampled."""
    try:
        ratio = min(max(float(arg), 0.0), 1.0) if arg else 1.0
    except ValueError:
        raise ValueError(f"OTEL_TRACES_SAMPLER_ARG: expected a ratio between 0 and 1, got {arg!r}") from None
    # traceidratio: the trace id's low 64 bits against ratio x 2^64, so every service decides alike for a trace.
    by_ratio = lambda trace_id: int(trace_id[16:], 16) < ratio * 2**64  # noqa: E731
    roots = {"always_on": lambda t: True, "always_off": lambda t: False, "traceidratio": by_ratio}
    base = name.removeprefix("parentbased_")
    if base not in roots:
        raise ValueError(f"OTEL_TRACES_SAMPLER: expected one of {', '.join(sorted(roots))} (optionally parentbased_), got {name!r}")
    root = roots[base]
    if name.startswith("parentbased_"):
        return lambda trace_id, parent: root(trace_id) if parent is None else parent
    return lambda trace_id, parent: root(trace_id)


def _schedule_delay(default_ms: float = 1000.0) -> float:
    """Seconds between two exports: OTEL_BSP_SCHEDULE_DELAY (milliseconds), the SDK batch span processor's own
    setting, so both paths read the same variable; unset or malformed: 1 s (the SDK's default is 5 s)."""
    raw = os.environ.get("OTEL_BSP_SCHEDULE_DELAY", "").strip()
    try:
        ms = float(raw) if raw else default_ms
    except ValueError:
        ms = default_ms
    if not math.isfinite(ms) or ms < 0:
        ms = default_ms
    return max(ms, 10.0) / 1000


class LiteTracer:
    """Spans for the requests of this process, exported as OTLP/HTTP JSON in batches."""

    def __init__(self, endpoint: str, service: str, sampler: Callable[[str, Optional[bool]], bool], interval: float = 1.0) -> None:
        self.url = endpoint.rstrip("/") + "/v1/traces"
        self.service = service
        self.sampler = sampler
        self.interval = interval
        self.queue: "queue.Queue[Span]" = queue.Queue(maxsize=2048)
        self.failing = False
        threading.Thread(target=self._run, name="otlp-export", daemon=True).start()
        atexit.register(self.flush)

    def start(self, name: str, traceparent: Optional[str]) -> Span:
        match = TRACEPARENT.match((traceparent or "").strip().lower())
        parent = match.groups() if match and (match.group(1), match.group(2)) != _INVALID else None
        trace_id = parent[0] if parent else f"{random.getrandbits(128):032x}"
        sampled = self.sampler(trace_id, (int(parent[2], 16) & 1 == 1) if parent else None)
        return Span(trace_id, f"{random.getrandbits(64) or 1:016x}", parent[1] if parent else None, sampled, name)

    def end(self, span: Span) -> None:
        if not span.sampled:
            return
        span.attributes["end_ns"] = time.time_ns()
        try:
            self.queue.put_nowait(span)
        except queue.Full:  # the collector is away: drop rather than grow without bound
            pass

    def payload(self, spans: List[Span]) -> Dict[str, Any]:
        def attr(key: str, value: Any) -> Dict[str, Any]:
            typed = {"intValue": str(value)} if isinstance(value, int) else {"stringValue": str(value)}
            return {"key": key, "value": typed}

        def encode(s: Span) -> Dict[str, Any]:
            attrs = {k: v for k, v in s.attributes.items() if k != "end_ns"}
            status = attrs.get("http.response.status_code", 0)
            return {
                "traceId": s.trace_id,
                "spanId": s.span_id,
                **({"parentSpanId": s.parent_span_id} if s.parent_span_id else {}),
                "name": s.name,
                "kind": 2,  # SPAN_KIND_SERVER
                "startTimeUnixNano": str(s.start_ns),
                "endTimeUnixNano": str(s.attributes["end_ns"]),
                "attributes": [attr(k, v) for k, v in attrs.items()],
                # Server spans are errors for 5xx only (semantic conventions, HTTP spans).
                "status": {"code": 2} if isinstance(status, int) and status >= 500 else {},
            }

        return {"resourceSpans": [{
            "resource": {"attributes": [attr("service.name", self.service)]},
            "scopeSpans": [{"scope": {"name": "edgeapp.tracing"}, "spans": [encode(s) for s in spans]}],
        }]}

    def flush(self) -> None:
        spans: List[Span] = []
        while True:
            try:
                spans.append(self.queue.get_nowait())
            except queue.Empty:
                break
        for start in range(0, len(spans), 512):
            self._post(spans[start:start + 512])

    def _post(self, spans: List[Span]) -> None:
        body = json.dumps(self.payload(spans)).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
            self.failing = False
        except Exception as error:  # noqa: BLE001 - tracing must never break serving
            if not self.failing:
                log.warning("span export failed; dropping spans until it recovers", extra={"fields": {"url": self.url, "error": str(error)}})
            self.failing = True

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            self.flush()


_lite: Optional[LiteTracer] = None


def configure_tracing(framework_app: Any, framework: str) -> str:
    """Sets up tracing for a FastAPI or Flask app; returns the mode ("off", "sdk" or "lite")."""
    global _lite
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()
    if not endpoint:
        return "off"
    service = os.environ.get("OTEL_SERVICE_NAME", framework)
    sampler = _sampler(os.environ.get("OTEL_TRACES_SAMPLER", "parentbased_always_on"), os.environ.get("OTEL_TRACES_SAMPLER_ARG", ""))
    if otel_trace is not None and _instrument(framework_app, framework, service):
        mode = "sdk"
    else:
        _lite = LiteTracer(endpoint, service, sampler, _schedule_delay())
        mode = "lite"
    log.info("tracing configured", extra={"fields": {"mode": mode, "endpoint": endpoint, "service": service}})
    return mode


def _instrument(framework_app: Any, framework: str, service: str) -> bool:
    try:
        if framework == "fastapi":
            from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor as Instrumentor
        else:
            from opentelemetry.instrumentation.flask import FlaskInstrumentor as Instrumentor  # type: ignore[no-redef]
    except ImportError:
        return False
    # Sampler, exporter endpoint and protocol come from the OTEL_* environment (the SDK reads them itself).
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    otel_trace.set_tracer_provider(provider)
    if framework == "fastapi":
        Instrumentor.instrument_app(framework_app, tracer_provider=provider, excluded_urls="healthz,readyz,metrics")
    else:
        Instrumentor().instrument_app(framework_app, tracer_provider=provider, excluded_urls="healthz,readyz,metrics")
    return True


# Probes and scrapes are not requests anyone wants traced (and would dominate the sampled set).
UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def begin(method: str, path: str, traceparent: Optional[str]) -> Optional[contextvars.Token]:
    """Lite mode: starts the request's span and makes it current. None when the SDK (or nothing) traces."""
    if _lite is None or path in UNTRACED_PATHS:
        return None
    span = _lite.start(method, traceparent)
    span.attributes.update({"http.request.method": method, "url.path": path})
    return _current.set(span)


# WSGI environ keys carrying the ids to gunicorn's access log line, which is written after the request.
TRACE_ID_KEY = "edgeapp.trace_id"
SPAN_ID_KEY = "edgeapp.span_id"


def stamp_environ(environ: Dict[str, Any]) -> None:
    ids = current_ids()
    if ids:
        environ[TRACE_ID_KEY], environ[SPAN_ID_KEY] = ids


def finish(token: Optional[contextvars.Token], route: str, status: int) -> None:
    if token is None or _lite is None:
        return
    span = _current.get()
    if span is not None:
        span.name = f"{span.attributes.get('http.request.method', '')} {route}".strip()
        span.attributes.update({"http.route": route, "http.response.status_code": status})
        _lite.end(span)
    _current.reset(token)
