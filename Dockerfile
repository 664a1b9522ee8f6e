# syntax=docker/dockerfile:1
# One image for every process of Trading Assistant. The process is picked by the
# arguments: `migrate`, `serve <registry|marketdata|ledger|engine|oms|edge>`,
# `worker`, `probe <host:port>`, `status`.
#
#   docker build -t tradingassistant:local .
#   docker run --rm tradingassistant:local status
#
# Runs as uid/gid 10001 with nothing written outside /tmp, so it works under a
# read-only root filesystem (compose `read_only: true`, k8s
# `readOnlyRootFilesystem: true` with an emptyDir on /tmp).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# --- web: the edge's web app (edge/web -> edge/web/dist) -----------------------
FROM ${NODE_IMAGE} AS web
WORKDIR /src/edge/web
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
# Manifests first so the dependency layer is reused while only sources change.
COPY edge/web/package.json edge/web/package-lock.json ./
RUN npm ci
COPY edge/web/ ./
RUN npm run build

# --- build: the Python package and its pinned dependency tree in a venv -------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# .dockerignore keeps .venv, tests, var/, node_modules and dist out of the context.
COPY . .
# requirements.lock pins the whole tree; pyproject pins the direct dependencies.
# pip compiles the .pyc files here, so nothing is written at run time.
RUN pip install --no-cache-dir -c requirements.lock . \
    && pip check

# --- runtime --------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# A passwd entry for the numeric user: getpass.getuser() (used by libpq-style
# defaults) fails without one. No home directory: HOME points at /tmp.
# Keep 10001 in step with runAsUser in deploy/k8s and `user:` in compose.yaml.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 \
       --no-create-home --home-dir /tmp --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
COPY --from=web /src/edge/web/dist /app/web
ENV PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TA_WEB_DIST_DIR=/app/web \
    TA_LOG_FORMAT=json
WORKDIR /app
EXPOSE 8000 50051 50052 50053 50054 50055
USER 10001:10001
ENTRYPOINT ["tradingassistant"]
CMD ["status"]
