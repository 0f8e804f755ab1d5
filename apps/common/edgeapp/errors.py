"""Error texts the services show to callers (/readyz answers whoever can reach the pod)."""
from __future__ import annotations

from typing import Optional, Tuple


def describe_error(exc: BaseException, secrets: Tuple[Optional[str], ...] = ()) -> str:
    """One-line, secret-free description of a failed check (secrets are scrubbed even if a driver echoed them)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text[:300]
