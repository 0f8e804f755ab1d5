"""PostgreSQL for the services: one connection per worker process, shared by request handlers and /readyz.

Why not a connection per readiness probe (what /readyz did before): the kubelet probes every 5 s, so each pod
opened ~17,000 connections a day, and an auto-pausing Aurora Serverless v2 cluster (dev: minCapacity 0) never
pauses, because it pauses only after an interval with no connections initiated by user activity (AWS, "Scaling to
Zero ACUs with automatic pause and resume", aurora-serverless-v2-auto-pause.html; an *open idle* connection
prevents the pause as well, which is why aws-samples/dify-self-hosted-on-aws#4 sets idle_session_timeout;
both checked 2026-11). So:

- `SharedConnection` opens the connection on first use and reuses it; a failure drops it (the next use reopens).
  It is closed after `DATABASE_IDLE_CLOSE_SECONDS` without use, checked on every use and probe, so an idle pod
  holds no connection at all. Request handlers that need the database use `shared_connection(settings)`.
- `PostgresReadiness` reuses a successful result for `READINESS_CACHE_SECONDS`; after that `READINESS_DB=always`
  re-checks on the shared connection, `READINESS_DB=lazy` re-checks only while the connection is open (the app
  used the database recently) and otherwise keeps the pod ready on its earlier proof. Until the first successful
  round trip (and again after any failure) every probe does a real check: a pod never becomes ready before it has
  logged in once.
"""
from __future__ import annotations

import math
import os
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

from .errors import describe_error
from .settings import PostgresSettings, Settings

APPLICATION_NAME = "edgestack-app"

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


class SharedConnection:
    """The process's one PostgreSQL connection: opened on demand, dropped on error, closed when idle."""

    def __init__(self, cfg: PostgresSettings, timeout: float, clock: Callable[[], float] = time.monotonic):
        self._cfg, self._timeout, self._clock = cfg, timeout, clock
        self._lock = threading.Lock()
        self._conn: Any = None
        self._pid = os.getpid()
        self._last_used = 0.0
        self.last_failure = -math.inf

    def _open(self) -> Any:
        import psycopg

        cfg = self._cfg
        password = _iam_token(cfg) if cfg.iam_auth else cfg.password
        try:
            return psycopg.connect(
                host=cfg.host,
                port=cfg.port,
                dbname=cfg.dbname,
                user=cfg.user,
                password=password,
                sslmode=cfg.sslmode,
                # libpq counts whole seconds and treats anything below 2 as 2.
                connect_timeout=max(2, math.ceil(self._timeout)),
                application_name=APPLICATION_NAME,
                autocommit=True,
                # A long-lived connection must notice a peer that vanished (failover, network cut) instead of
                # hanging the next query: TCP keepalives, and give up on unacknowledged writes after 10 s.
                keepalives=1,
                keepalives_idle=30,
                keepalives_interval=10,
                keepalives_count=3,
                tcp_user_timeout=10_000,
            )
        except Exception as exc:  # psycopg.Error and socket-level errors alike
            raise RuntimeError(describe_error(exc, (password,))) from None

    def _close_locked(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def _forget_inherited(self) -> None:
        # A connection opened before a fork belongs to the parent; the child must not use or close it.
        if self._pid != os.getpid():
            self._conn, self._pid = None, os.getpid()

    def is_open(self) -> bool:
        return self._conn is not None and self._pid == os.getpid()

    def close_if_idle(self) -> None:
        if not self._lock.acquire(timeout=self._timeout):
            return  # in use right now, so not idle
        try:
            self._forget_inherited()
            if self._conn is not None and self._clock() - self._last_used >= self._cfg.idle_close_seconds:
                self._close_locked()
        finally:
            self._lock.release()

    @contextmanager
    def connection(self, touch: bool = True) -> Iterator[Any]:
        """The shared connection, opened if needed; an exception inside the block drops it. `touch=False`:
        this use does not postpone the idle close (a lazy readiness check must not keep the connection open)."""
        if not self._lock.acquire(timeout=self._timeout):
            raise RuntimeError(f"the shared database connection stayed busy for {self._timeout:g}s")
        try:
            self._forget_inherited()
            if self._conn is not None and self._conn.closed:
                self._conn = None
            if self._conn is None:
                self._conn = self._open()
                touch = True  # the idle clock starts when the connection opens
            try:
                yield self._conn
            except Exception:
                self.last_failure = self._clock()
                self._close_locked()
                raise
            finally:
                if touch:
                    self._last_used = self._clock()
        except Exception:
            self.last_failure = self._clock()
            raise
        finally:
            self._lock.release()


class PostgresReadiness:
    """The /readyz database check of one process (see the module docstring for the policy)."""

    def __init__(self, db: SharedConnection, mode: str, cache_seconds: float, clock: Callable[[], float] = time.monotonic):
        self._db, self._mode, self._cache, self._clock = db, mode, cache_seconds, clock
        self._lock = threading.Lock()
        self._proven_at: Optional[float] = None

    def check(self) -> Dict[str, object]:
        """Detail for the readiness body; raises RuntimeError (one line, no secret) when the database fails."""
        with self._lock:
            self._db.close_if_idle()
            proven = self._proven_at
            if proven is not None and self._db.last_failure > proven:
                proven = self._proven_at = None  # the app's own use failed since: prove again
            if proven is not None:
                age = round(self._clock() - proven, 1)
                if age < self._cache:
                    return {"checked": "cached", "age_seconds": age}
                if self._mode == "lazy" and not self._db.is_open():
                    return {"checked": "lazy", "age_seconds": age}
            try:
                # Lazy: a probe's own round trip does not count as use, or the connection would never idle out.
                with self._db.connection(touch=self._mode != "lazy") as conn:
                    row = conn.execute("SELECT 1").fetchone()
                if row is None or row[0] != 1:
                    raise RuntimeError(f"unexpected reply to SELECT 1: {row!r}")
            except Exception as exc:
                self._proven_at = None
                raise RuntimeError(str(exc) if isinstance(exc, RuntimeError) else describe_error(exc)) from None
            self._proven_at = self._clock()
            return {"checked": "now"}


_registry_lock = threading.Lock()
_registry: Dict[Tuple[PostgresSettings, float, str, float], Tuple[SharedConnection, PostgresReadiness]] = {}


def _state(settings: Settings) -> Tuple[SharedConnection, PostgresReadiness]:
    cfg = settings.postgres
    if cfg is None:
        raise ValueError("DATABASE_HOST is not set")
    key = (cfg, settings.check_timeout_seconds, settings.readiness_db, settings.readiness_cache_seconds)
    with _registry_lock:
        if key not in _registry:
            db = SharedConnection(cfg, settings.check_timeout_seconds)
            _registry[key] = (db, PostgresReadiness(db, settings.readiness_db, settings.readiness_cache_seconds))
        return _registry[key]


def shared_connection(settings: Settings) -> SharedConnection:
    """The process's shared connection for `settings` (request handlers: `with ....connection() as conn`)."""
    return _state(settings)[0]


def postgres_readiness(settings: Settings) -> PostgresReadiness:
    return _state(settings)[1]
