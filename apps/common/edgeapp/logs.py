"""Structured logs: one JSON object per line on stdout, for the cluster's log shipper.

What is never logged: request headers (Authorization, cookies), query strings (tokens sometimes travel
there), request bodies, and settings values (passwords are repr=False in settings.py). Access log lines
carry method, path, route template, status, duration and the request id set by the gateway.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from datetime import datetime, timezone
from typing import Any, Dict, Optional

from .tracing import current_ids

ACCESS_LOGGER = "edgeapp.access"
_RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record as a single JSON line; fields passed as `extra={"fields": {...}}` are merged in."""

    def format(self, record: logging.LogRecord) -> str:
        payload: Dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": self.message_of(record),
        }
        # The request's trace (edgeapp.tracing): the same ids as the span in X-Ray. A record may carry its own
        # (gunicorn's access line is written after the request, outside its context).
        ids = getattr(record, "trace_ids", None) or current_ids()
        if ids:
            payload["trace_id"], payload["span_id"] = ids
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, separators=(",", ":"))

    def message_of(self, record: logging.LogRecord) -> str:
        return record.getMessage()


def _level() -> int:
    name = os.environ.get("LOG_LEVEL", "INFO").upper()
    level = logging.getLevelName(name)
    if not isinstance(level, int):
        raise ValueError(f"LOG_LEVEL: expected one of DEBUG, INFO, WARNING, ERROR, got {name!r}")
    return level


def configure_logging() -> None:
    """Sends the root logger to stdout as JSON. Idempotent: a server may already have configured it."""
    root = logging.getLogger()
    root.setLevel(_level())
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)


def log_access(
    method: str, path: str, route: str, status: int, seconds: float, client: Optional[str], request_id: Optional[str]
) -> None:
    """One access-log line per request (used by the ASGI service; gunicorn writes its own, see gunicorn_logging)."""
    logging.getLogger(ACCESS_LOGGER).info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "fields": {
                "http_method": method,
                "path": path,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "client": client,
                "request_id": request_id,
            }
        },
    )
