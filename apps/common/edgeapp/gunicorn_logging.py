"""gunicorn logger class that keeps gunicorn's own log plumbing (`--access-logfile -`, `--error-logfile`,
log levels, reopen on USR1) and only swaps the line format for JSON.

gunicorn passes the access-log "atoms" (method, path, status, ...) as the record's args. Only a fixed,
safe subset is written: the atoms also hold every request header (Authorization, Cookie) and the query
string, which must not reach the logs.
"""
from __future__ import annotations

import logging
import sys
from typing import Any, Dict, Mapping

from gunicorn.glogging import Logger

from .logs import JsonFormatter
from .tracing import SPAN_ID_KEY, TRACE_ID_KEY


class AccessJsonFormatter(JsonFormatter):
    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        fields: Dict[str, Any] = {
            "http_method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": _int(atoms.get("s")),
            "duration_ms": round(_int(atoms.get("D")) / 1000, 2),
            "bytes": _int(atoms.get("B")),
            "client": atoms.get("h"),
            "request_id": _header(atoms, "x-request-id"),
            "user_agent": _header(atoms, "user-agent"),
        }
        record.fields = fields
        # Stamped on the WSGI environ by the app while the request was current (edgeapp.tracing.stamp_environ).
        trace_id, span_id = atoms.get("{%s}e" % TRACE_ID_KEY), atoms.get("{%s}e" % SPAN_ID_KEY)
        record.trace_ids = (trace_id, span_id) if trace_id and span_id else None
        return super().format(record)

    def message_of(self, record: logging.LogRecord) -> str:
        # The configured access_log_format would print the raw request line, query string included.
        atoms = record.args if isinstance(record.args, Mapping) else {}
        return f"{atoms.get('m')} {atoms.get('U')} {atoms.get('s')}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _header(atoms: Mapping[str, Any], name: str) -> Any:
    value = atoms.get("{%s}i" % name)
    return None if value in (None, "-") else value


class JsonLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            # gunicorn's "-" means stderr for the error log; all service logs go to stdout as JSON lines.
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr:
                handler.setStream(sys.stdout)
            handler.setFormatter(JsonFormatter())
        for handler in self.access_log.handlers:
            handler.setFormatter(AccessJsonFormatter())
