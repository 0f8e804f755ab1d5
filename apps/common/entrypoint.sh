#!/bin/sh
# Entrypoint of both service images: check the configuration, prepare the metrics directory, then
# `exec` the server (CMD) so that it is PID 1 and receives SIGTERM from the kubelet directly.
set -eu

# A malformed variable stops the container here with one JSON line naming it (CrashLoopBackOff),
# instead of every worker failing to import the app.
python -m edgeapp.settings

dir="${PROMETHEUS_MULTIPROC_DIR:-}"
if [ -n "$dir" ]; then
  # prometheus_client multiprocess mode needs an existing, empty directory at start: /tmp is an emptyDir
  # that survives container restarts, and files of an earlier run would be summed into the new counters.
  mkdir -p "$dir"
  find "$dir" -mindepth 1 -delete
fi

exec "$@"
