"""gunicorn settings for the Flask service. Bind address, worker count and the access log come from the
image's CMD (`-b 0.0.0.0:5000 --access-logfile -`) and WEB_CONCURRENCY (gunicorn's own default for
--workers); this file holds what a command line cannot: hooks, the JSON logger, threads from the env.
Settings gunicorn does not know (older versions) are ignored, so the same file serves every version.
"""
import os

from prometheus_client import multiprocess


def _positive_int(name: str, default: str) -> int:
    raw = os.environ.get(name, default).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}: expected a positive integer, got {raw!r}")
    return int(raw)


# gthread: each worker serves GUNICORN_THREADS requests at once and keeps upstream connections alive
# (the sync worker closes every connection, which costs the gateway a new TCP handshake per request).
worker_class = "gthread"
threads = _positive_int("GUNICORN_THREADS", "4")

# Longer than the gateway's upstream keep-alive (Kong/NGINX idle timeout 60 s), so the app never closes a
# connection the proxy is about to reuse (that race surfaces as sporadic 502s).
keepalive = 75
timeout = 30
# SIGTERM: stop accepting, finish in-flight requests for up to this long. Keep it below the pod's
# terminationGracePeriodSeconds minus the preStop delay.
graceful_timeout = 20

logger_class = "edgeapp.gunicorn_logging.JsonLogger"
# gunicorn >= 25.1 opens a control socket under $HOME by default; the root filesystem is read-only.
control_socket_disable = True
# Heartbeat files of the workers: /tmp is the pod's emptyDir (the only writable path).
worker_tmp_dir = os.environ.get("TMPDIR", "/tmp")


def child_exit(server, worker):  # noqa: ARG001 - gunicorn hook signature
    # Lets prometheus_client drop the files of a dead worker's live gauges (multiprocess mode).
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
