"""Readiness: can this pod reach PostgreSQL and Redis/Valkey right now?

Each configured dependency gets a real protocol round trip (PostgreSQL: TLS + authentication + `SELECT 1`;
Redis: TLS + AUTH + PING), so a wrong password or a missing TLS setting makes a new rollout unready instead
of serving errors. Checks run in parallel and each is bounded by `Settings.check_timeout_seconds`.
A dependency that is not configured is reported as "skipped" and does not make the pod unready.

Error texts returned to the caller are one line, without the password or token (they are scrubbed even if
a driver ever echoed them), because /readyz answers whoever can reach the pod.
"""
from __future__ import annotations

import functools
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Callable, Dict, Optional, Tuple

from .settings import PostgresSettings, RedisSettings, Settings

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


def describe_error(exc: BaseException, secrets: Tuple[Optional[str], ...] = ()) -> str:
    """One-line, secret-free description of a failed check."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text[:300]


_iam_client_lock = threading.Lock()
_iam_clients: Dict[str, object] = {}


def _iam_token(cfg: PostgresSettings) -> str:
    # boto3 is imported only when IAM auth is on: it is heavy and unused otherwise. The token is a
    # SigV4-presigned string computed locally from the pod's IRSA credentials, valid for 15 minutes.
    import boto3

    region = cfg.region or ""
    with _iam_client_lock:
        client = _iam_clients.get(region)
        if client is None:
            client = boto3.client("rds", region_name=region)
            _iam_clients[region] = client
    return client.generate_db_auth_token(  # type: ignore[attr-defined]
        DBHostname=cfg.host, Port=cfg.port, DBUsername=cfg.user, Region=region
    )


def check_postgres(cfg: PostgresSettings, timeout: float) -> None:
    import psycopg

    password = _iam_token(cfg) if cfg.iam_auth else cfg.password
    try:
        conn = psycopg.connect(
            host=cfg.host,
            port=cfg.port,
            dbname=cfg.dbname,
            user=cfg.user,
            password=password,
            sslmode=cfg.sslmode,
            # libpq counts whole seconds and treats anything below 2 as 2.
            connect_timeout=max(2, math.ceil(timeout)),
            application_name="edgestack-readyz",
            autocommit=True,
        )
    except Exception as exc:  # psycopg.Error and socket-level errors alike
        raise RuntimeError(describe_error(exc, (password,))) from None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            row = cur.fetchone()
        if row is None or row[0] != 1:
            raise RuntimeError(f"unexpected reply to SELECT 1: {row!r}")
    finally:
        conn.close()


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


def _timed(check: Callable[[], None]) -> CheckResult:
    started = time.perf_counter()
    try:
        check()
        status: CheckResult = {"status": "ok"}
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
        ("postgres", settings.postgres, "DATABASE_HOST", check_postgres),
        ("redis", settings.redis, "REDIS_HOST", check_redis),
    )
    for name, cfg, host_variable, check in checks:
        if cfg is None:
            results[name] = {"status": "skipped", "reason": f"{host_variable} is not set"}
        else:
            pending[name] = _pool().submit(_timed, functools.partial(check, cfg, timeout))

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
