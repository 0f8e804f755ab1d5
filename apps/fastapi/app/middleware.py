"""Pure ASGI middleware: request counter, latency histogram and one JSON access-log line per request.

Pure ASGI (not Starlette's BaseHTTPMiddleware) so it adds no task per request and sees the route the router
matched: FastAPI stores it in scope["route"] while dispatching, and its `.path` is the route template
("/api/v1/items/{item_id}"). Requests that match no route are labelled "unmatched".
"""
from __future__ import annotations

import time
from typing import Any, Awaitable, Callable, Dict, MutableMapping, Optional

from edgeapp import tracing
from edgeapp.logs import log_access
from edgeapp.metrics import UNMATCHED_ROUTE, observe

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _header(scope: Scope, name: bytes) -> Optional[str]:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class MetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: Dict[str, int] = {"status": 500}  # stays 500 if the app raises before responding

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = int(message["status"])
            await send(message)

        # Without the OpenTelemetry SDK, the request's span (edgeapp.tracing); with it, the instrumentation's.
        token = tracing.begin(scope["method"], scope.get("path", ""), _header(scope, b"traceparent"))
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or UNMATCHED_ROUTE
            observe(scope["method"], route, state["status"], elapsed)
            client = scope.get("client")
            log_access(
                scope["method"],
                scope.get("path", ""),
                route,
                state["status"],
                elapsed,
                client[0] if client else None,
                _header(scope, b"x-request-id"),
            )
            tracing.finish(token, route, state["status"])
