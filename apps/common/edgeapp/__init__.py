"""Code shared by the edgestack Python services (FastAPI and Flask).

Both images are built with `apps/` as the Docker build context and copy this package to /app/edgeapp, so
health, readiness, metrics and logging behave the same in every service. Nothing here imports a web
framework: each app adapts these functions to its own request/response types.
"""
