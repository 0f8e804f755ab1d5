"""Runtime settings, read once from the environment that the PythonService component sets.

A dependency whose host variable is empty is "not configured": readiness reports it as "skipped" instead
of failing, so one image runs with or without a database/cache (local runs, services that need neither).
Malformed values fail at start-up with a message naming the variable and what is allowed, so a bad
rollout crash-loops visibly instead of serving with a half-read configuration.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# always: after the cache expires, every probe re-checks the database (on the shared connection).
# lazy: after the first successful check, the database is re-checked only while the process holds an open
# connection (the app used it recently); an idle pod answers from that first proof and never wakes the database.
READINESS_DB_MODES = ("always", "lazy")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingsError(ValueError):
    """A malformed environment variable; the message names it and the allowed values."""


@dataclass(frozen=True)
class PostgresSettings:
    host: str
    port: int
    dbname: str
    user: str
    sslmode: str
    iam_auth: bool
    region: Optional[str]
    # The shared connection (edgeapp.postgres) is closed after this long unused: an open connection, even idle,
    # keeps an auto-pausing Aurora Serverless v2 instance awake.
    idle_close_seconds: float
    # repr=False keeps the password out of any log line or traceback that prints the settings.
    password: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int
    tls: bool
    auth_token: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class Settings:
    postgres: Optional[PostgresSettings]
    redis: Optional[RedisSettings]
    check_timeout_seconds: float
    # How long a successful database check is reused by later probes of the same process.
    readiness_cache_seconds: float
    readiness_db: str


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _get(env, name)
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise SettingsError(f"{name}: expected a TCP port between 1 and 65535, got {raw!r}")
    return int(raw)


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _get(env, name).lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name}: expected one of {', '.join(_TRUE + _FALSE)}, got {raw!r}")


def _seconds(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = _get(env, name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not low <= value <= high:
        raise SettingsError(f"{name}: expected seconds between {low:g} and {high:g}, got {raw!r}")
    return value


def _timeout(env: Mapping[str, str], name: str, default: float) -> float:
    return _seconds(env, name, default, 0.1, 30)


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple) -> str:
    raw = _get(env, name).lower() or default
    if raw not in allowed:
        raise SettingsError(f"{name}: expected one of {', '.join(allowed)}, got {raw!r}")
    return raw


def _postgres(env: Mapping[str, str]) -> Optional[PostgresSettings]:
    host = _get(env, "DATABASE_HOST")
    if not host:
        return None
    user = _get(env, "DATABASE_USER")
    dbname = _get(env, "DATABASE_NAME")
    for name, value in (("DATABASE_USER", user), ("DATABASE_NAME", dbname)):
        if not value:
            raise SettingsError(f"{name}: required when DATABASE_HOST is set, got an empty value")
    sslmode = _get(env, "DATABASE_SSLMODE") or "require"
    if sslmode not in SSL_MODES:
        raise SettingsError(f"DATABASE_SSLMODE: expected one of {', '.join(SSL_MODES)}, got {sslmode!r}")
    iam_auth = _bool(env, "DATABASE_IAM_AUTH", False)
    password = env.get("DATABASE_PASSWORD") or None
    region = _get(env, "AWS_REGION") or _get(env, "AWS_DEFAULT_REGION") or None
    if iam_auth and password:
        raise SettingsError("DATABASE_IAM_AUTH: set either DATABASE_PASSWORD or DATABASE_IAM_AUTH=true, not both")
    if iam_auth and sslmode in ("disable", "allow", "prefer"):
        raise SettingsError(f"DATABASE_SSLMODE: IAM authentication needs TLS (require or stricter), got {sslmode!r}")
    if iam_auth and not region:
        raise SettingsError("AWS_REGION: required when DATABASE_IAM_AUTH=true (the token is signed for a region)")
    return PostgresSettings(
        host=host,
        port=_port(env, "DATABASE_PORT", 5432),
        dbname=dbname,
        user=user,
        sslmode=sslmode,
        iam_auth=iam_auth,
        region=region,
        idle_close_seconds=_seconds(env, "DATABASE_IDLE_CLOSE_SECONDS", 60.0, 0.1, 3600),
        password=password,
    )


def _redis(env: Mapping[str, str]) -> Optional[RedisSettings]:
    host = _get(env, "REDIS_HOST")
    if not host:
        return None
    return RedisSettings(
        host=host,
        port=_port(env, "REDIS_PORT", 6379),
        tls=_bool(env, "REDIS_TLS", True),
        auth_token=env.get("REDIS_AUTH_TOKEN") or None,
    )


def load_settings(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Reads and validates the service's environment; raises SettingsError on the first bad value."""
    source = os.environ if env is None else env
    return Settings(
        postgres=_postgres(source),
        redis=_redis(source),
        # Each dependency check is bounded by this; the readiness probe's timeoutSeconds must exceed it.
        check_timeout_seconds=_timeout(source, "READINESS_CHECK_TIMEOUT_SECONDS", 2.0),
        readiness_cache_seconds=_seconds(source, "READINESS_CACHE_SECONDS", 30.0, 0, 300),
        readiness_db=_choice(source, "READINESS_DB", "always", READINESS_DB_MODES),
    )


def summary(settings: Settings) -> dict:
    """What the service is configured to reach, without credentials (for the start-up log line)."""
    pg, rd = settings.postgres, settings.redis
    return {
        "postgres": None
        if pg is None
        else {
            "host": pg.host,
            "port": pg.port,
            "dbname": pg.dbname,
            "sslmode": pg.sslmode,
            "iam_auth": pg.iam_auth,
            "idle_close_seconds": pg.idle_close_seconds,
        },
        "redis": None if rd is None else {"host": rd.host, "port": rd.port, "tls": rd.tls, "auth": rd.auth_token is not None},
        "check_timeout_seconds": settings.check_timeout_seconds,
        "readiness": {"db": settings.readiness_db, "cache_seconds": settings.readiness_cache_seconds},
    }


if __name__ == "__main__":
    # `python -m edgeapp.settings` runs in the entrypoint before the server starts: a bad variable stops the
    # container with one clear line (CrashLoopBackOff) instead of workers failing to boot one by one.
    import json
    import sys

    try:
        load_settings()
    except SettingsError as error:
        print(json.dumps({"level": "error", "logger": "edgeapp.settings", "message": f"invalid configuration: {error}"}))
        sys.exit(2)
