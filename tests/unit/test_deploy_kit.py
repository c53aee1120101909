"""deploy/: the Kubernetes manifests validate and agree with the image, compose names what exists,
and the secrets and the export they set up are what the configuration loader makes of them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

import config
from config import load_settings
from config.export import FolderTargetSettings
from jobs.bootstrap import export_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
MANIFESTS = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
COMPOSE = DEPLOY / "compose.yaml"
EXAMPLE = Path(config.__file__).parent / "example.yaml"
# The oldest Kubernetes release still supported upstream when the manifests were written.
KUBERNETES = "1.32"
_DEFAULTED = re.compile(r"\$\{[A-Z_]+:-([^}]*)\}")


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _dockerfile_env(name: str) -> str:
    found = re.search(rf"\b{name}=(\S+)", _dockerfile())
    assert found is not None, name
    return found.group(1)


def _resources() -> dict[str, dict[str, Any]]:
    resources: dict[str, dict[str, Any]] = {}
    for manifest in MANIFESTS:
        for document in yaml.safe_load_all(manifest.read_text(encoding="utf-8")):
            resources[document["kind"]] = document
    return resources


def _pod() -> dict[str, Any]:
    pod: dict[str, Any] = _resources()["Deployment"]["spec"]["template"]["spec"]
    return pod


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda path: path.name)
@pytest.mark.parametrize("version", [KUBERNETES, kubernetes_validate.latest_version()])
def test_manifest_validates(manifest: Path, version: str) -> None:
    """kubernetes-validate (strict: no unknown fields) accepts every resource."""
    for document in yaml.safe_load_all(manifest.read_text(encoding="utf-8")):
        kubernetes_validate.validate(document, version, strict=True)


def test_deployment_runs_two_non_root_replicas_with_probes_and_a_budget() -> None:
    """Two pods on PostgreSQL, rolled one at a time and drained one at a time, as the image's
    user, probed on /healthz and /readyz; no volume of their own (the state is in the
    database, the export on Blob)."""
    resources = _resources()
    assert set(resources) == {"Deployment", "Service", "PodDisruptionBudget"}
    deployment = resources["Deployment"]["spec"]
    assert deployment["replicas"] == 2
    assert deployment["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0},
    }
    budget = resources["PodDisruptionBudget"]["spec"]
    assert budget["minAvailable"] == 1
    labels = deployment["template"]["metadata"]["labels"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    pod = _pod()
    uid = re.search(r"useradd [^\n]*--uid (\d+)", _dockerfile())
    assert uid is not None
    assert pod["securityContext"]["runAsUser"] == int(uid.group(1))
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert not [v for v in pod["volumes"] if "persistentVolumeClaim" in v]
    (worker,) = pod["containers"]
    assert worker["securityContext"]["readOnlyRootFilesystem"] is True
    assert worker["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert worker["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert [port["containerPort"] for port in worker["ports"]] == [8080]
    service = resources["Service"]["spec"]
    assert service["selector"].items() <= labels.items()
    assert service["ports"][0]["targetPort"] == worker["ports"][0]["name"]


def test_the_image_keeps_its_state_and_export_on_its_volume() -> None:
    """Compose mounts the image's volume in both workers, the export on it."""
    state_folder = str(Path(_dockerfile_env("FREIGABE_STATE_PATH")).parent)
    assert f'VOLUME ["{state_folder}"]' in _dockerfile()
    services = _compose()["services"]
    for name in ("worker", "worker-2"):
        assert f"state:{state_folder}" in services[name]["volumes"]
        export = services[name]["environment"]["FREIGABE_EXPORT__TARGET__PATH"]
        assert export == f"{state_folder}/export"


def test_compose_names_files_that_exist() -> None:
    """Build contexts, Dockerfiles and bind mounts (with their defaults) exist; Azurite is a
    profile of its own; the web server reads the state volume only."""
    services = _compose()["services"]
    assert set(services) == {"worker", "worker-2", "postgres", "web", "azurite"}
    assert services["azurite"]["profiles"] == ["azurite"]
    assert "profiles" not in services["worker"]
    for service in services.values():
        if "build" in service:
            context = DEPLOY / service["build"]["context"]
            assert (context / service["build"].get("dockerfile", "Dockerfile")).is_file()
        for volume in service.get("volumes", []):
            source = _DEFAULTED.sub(r"\1", volume.split(":")[0])
            if source.startswith("."):
                assert (DEPLOY / source).exists(), volume
    assert "state:/srv/freigabe:ro" in services["web"]["volumes"]


def test_web_server_root_is_the_export_beside_the_state_file() -> None:
    """nginx serves the volume's export/ folder, so the state file beside it stays unserved."""
    conf = (DEPLOY / "nginx" / "export.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*root /srv/freigabe/export;", conf, re.MULTILINE)


def test_secrets_state_and_export_of_the_kit_are_what_the_loader_reads(tmp_path: Path) -> None:
    """The variables compose and Kubernetes set are read by the loader: the secrets from
    files, the state in PostgreSQL (replacing the image's state file), the example's export
    where the kit puts it."""
    secrets = {
        "FREIGABE_CREDENTIAL__CLIENT_SECRET_FILE": "unit-test-secret-value",
        "FREIGABE_TEAMS__WEBHOOKS__DEFAULT_FILE": "https://allianz.example/webhook",
        "FREIGABE_STATE_DATABASE__PASSWORD_FILE": "unit-test-db-password",
    }
    pod_env = {item["name"]: item.get("value") for item in _pod()["containers"][0]["env"]}
    compose_env = _compose()["services"]["worker"]["environment"]
    assert set(secrets) <= set(pod_env)
    assert set(secrets) <= set(compose_env)
    assert compose_env == _compose()["services"]["worker-2"]["environment"]
    state = tmp_path / "state"
    configured = tmp_path / "etc" / "freigabe.yaml"
    configured.parent.mkdir()
    shutil.copy(EXAMPLE, configured)
    for plain in (pod_env, compose_env):
        environ = {"FREIGABE_STATE_PATH": str(state / "freigabe.sqlite")}
        environ |= {k: v for k, v in plain.items() if k not in secrets and v is not None}
        environ["FREIGABE_EXPORT__TARGET__PATH"] = str(state / "export")
        for name, value in secrets.items():
            file = tmp_path / name.lower()
            file.write_text(value + "\n", encoding="utf-8")
            environ[name] = str(file)
        settings = load_settings(configured, environ)
        assert settings.credential.client_secret is not None
        assert settings.credential.client_secret.get_secret_value() == "unit-test-secret-value"
        assert (
            settings.teams.webhooks["default"].get_secret_value()
            == secrets["FREIGABE_TEAMS__WEBHOOKS__DEFAULT_FILE"]
        )
        assert settings.state_url == plain["FREIGABE_STATE_URL"]
        assert settings.state_database.password is not None
        assert settings.state_database.password.get_secret_value() == "unit-test-db-password"
        target = export_settings(settings).target
        assert isinstance(target, FolderTargetSettings)
        assert target.path == state / "export"
        assert target.public_base_url == "https://www.allianz-wasser.example/freigaben"
