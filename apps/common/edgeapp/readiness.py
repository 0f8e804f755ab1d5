"""Readiness: can this pod reach PostgreSQL and Redis/Valkey?

Each configured dependency gets a real protocol round trip (PostgreSQL: TLS + authentication + `SELECT 1`;
Redis: TLS + AUTH + PING), so a wrong password or a missing TLS setting makes a new rollout unready instead
of serving errors. Checks run in parallel and each is bounded by `Settings.check_timeout_seconds`.
PostgreSQL is checked on the process's shared connection, and a success is reused for a while
(`READINESS_CACHE_SECONDS`, `READINESS_DB`): probes do not open connections (see edgeapp.postgres).
A dependency that is not configured is reported as "skipped" and does not make the pod unready.

Error texts returned to the caller are one line, without the password or token (they are scrubbed even if
a driver ever echoed them), because /readyz answers whoever can reach the pod.
"""
from __future__ import annotations

import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Callable, Dict, Optional, Tuple

from .errors import describe_error
from .postgres import postgres_readiness
from .settings import RedisSettings, Settings

CheckResult = Dict[str, object]

_executor_lock = threading.Lock()
_executor: Optional[ThreadPoolExecutor] = None


def _pool() -> ThreadPoolExecutor:
    # Created lazily so that a pre-fork server never shares a pool (and its threads) across processes.
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")
        return _executor


def check_postgres(settings: Settings) -> Dict[str, object]:
    # One shared connection per process and a cached result: see edgeapp.postgres.
    return postgres_readiness(settings).check()


def check_redis(cfg: RedisSettings, timeout: float) -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis(
        host=cfg.host,
        port=cfg.port,
        password=cfg.auth_token,
        ssl=cfg.tls,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        # Newer redis-py retries 3 times by default; a probe must report the first failure, not hide it.
        retry=Retry(NoBackoff(), 0),
    )
    try:
        if client.ping() is not True:
            raise RuntimeError("PING did not answer PONG")
    except Exception as exc:
        raise RuntimeError(describe_error(exc, (cfg.auth_token,))) from None
    finally:
        client.close()


def _timed(check: Callable[[], Optional[Dict[str, object]]]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail = check()
        status: CheckResult = {"status": "ok", **(detail or {})}
    except Exception as exc:
        status = {"status": "error", "error": str(exc) or type(exc).__name__}
    status["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return status


def run_checks(settings: Settings) -> Tuple[bool, Dict[str, CheckResult]]:
    """Runs every configured check in parallel; returns (ready, per-dependency results)."""
    timeout = settings.check_timeout_seconds
    results: Dict[str, CheckResult] = {}
    pending = {}
    checks = (
        ("postgres", settings.postgres, "DATABASE_HOST", functools.partial(check_postgres, settings)),
        ("redis", settings.redis, "REDIS_HOST", functools.partial(check_redis, settings.redis, timeout)),
    )
    for name, cfg, host_variable, check in checks:
        if cfg is None:
            results[name] = {"status": "skipped", "reason": f"{host_variable} is not set"}
        else:
            pending[name] = _pool().submit(_timed, check)

    deadline = time.monotonic() + timeout + 0.5
    for name, future in pending.items():
        try:
            results[name] = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            # The worker thread finishes on its own (drivers have their own timeouts); we stop waiting.
            results[name] = {"status": "error", "error": f"no answer within {timeout:g}s"}
    ready = all(r["status"] != "error" for r in results.values())
    return ready, dict(sorted(results.items()))


def readiness_body(settings: Settings) -> Tuple[int, Dict[str, object]]:
    """HTTP status and JSON body for GET /readyz."""
    ready, checks = run_checks(settings)
    return (200 if ready else 503), {"status": "ready" if ready else "not ready", "checks": checks}
