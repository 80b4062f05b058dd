"""The deployment files beyond one server: Zero to JupyterHub values, ngshare, the image.

Validated offline against Kubernetes' own JSON schemas (shipped in the kubernetes-validate
package): the ngshare manifests as they are, and the Helm values by building the pod and hub
container KubeSpawner and the chart make from them (resources, environment, lifecycle hooks,
security context) and validating those.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from grader.hub import sizing
from grader.hub.config import lab_overrides

REPO = Path(__file__).resolve().parents[2]
VALUES = REPO / "deploy" / "kubernetes" / "values.yaml"
NGSHARE = REPO / "deploy" / "kubernetes" / "ngshare.yaml"
DOCKERFILE = REPO / "deploy" / "image" / "Dockerfile"
K8S_VERSION = "1.30.0"
# Top-level and singleuser keys of the chart (z2jh 4.x values.schema.yaml).
CHART_KEYS = {"hub", "singleuser", "cull", "scheduling", "proxy", "prePuller", "ingress",
              "rbac", "imagePullSecret", "debug", "global", "custom"}
SINGLEUSER_KEYS = {"image", "defaultUrl", "uid", "fsGid", "memory", "cpu", "lifecycleHooks",
                   "storage", "extraEnv", "networkPolicy", "extraFiles", "cmd", "profileList",
                   "nodeSelector", "extraLabels", "startTimeout", "serviceAccountName"}


def _mib(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([MG])", text).groups()
    return int(number) * (1024 if unit == "G" else 1)


def _validate(manifest: dict) -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    kubernetes_validate.validate(manifest, K8S_VERSION, strict=True)


def _env(mapping: dict) -> list[dict]:
    """The chart's extraEnv (name -> value or name -> {valueFrom}) as a container's env."""
    return [{"name": k, **(v if isinstance(v, dict) else {"value": str(v)})}
            for k, v in mapping.items()]


def _quantity(text: str) -> str:
    return text.replace("M", "Mi") if text.endswith("M") else text.replace("G", "Gi")


def test_values_make_a_valid_participant_pod_and_hub_container():
    """Are the chart values real keys, and is the pod KubeSpawner makes from them valid?"""
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    assert set(values) <= CHART_KEYS
    user = values["singleuser"]
    assert set(user) <= SINGLEUSER_KEYS
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "jupyter-peserta"},
           "spec": {"securityContext": {"runAsUser": user["uid"], "fsGroup": user["fsGid"]},
                    "containers": [{
                        "name": "notebook", "image": f"{user['image']['name']}:{user['image']['tag']}",
                        "env": _env(user["extraEnv"]), "lifecycle": user["lifecycleHooks"],
                        "resources": {
                            "requests": {"memory": _quantity(user["memory"]["guarantee"]),
                                         "cpu": str(user["cpu"]["guarantee"])},
                            "limits": {"memory": _quantity(user["memory"]["limit"]),
                                       "cpu": str(user["cpu"]["limit"])}}}]}}
    _validate(pod)
    hub = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hub"},
           "spec": {"containers": [{"name": "hub", "image": "quay.io/jupyterhub/k8s-hub:4.2.0",
                                    "env": _env(values["hub"]["extraEnv"])}]}}
    _validate(hub)
    # a participant's server never runs as root, and nobody is a hub admin
    assert user["uid"] != 0
    assert values["hub"]["config"]["Authenticator"]["admin_users"] == []
    # measured sizes
    assert _mib(user["memory"]["guarantee"]) == sizing.MEM_GUARANTEE_MIB
    assert _mib(user["memory"]["limit"]) == sizing.MEM_LIMIT_MIB
    assert _mib(user["memory"]["guarantee"]) >= sizing.KERNEL_PEAK_MIB + sizing.SINGLEUSER_MIB
    assert user["cpu"]["limit"] == sizing.CPU_LIMIT
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert values["hub"]["db"]["type"] == "postgres"
    # the exchange is ngshare, registered as a hub service that every user may reach
    config = values["hub"]["extraConfig"]["ngshare.py"]
    compile(config, "ngshare.py", "exec")
    assert '"name": "ngshare"' in config and "access:services!service=ngshare" in config
    assert "extraVolumes" not in user.get("storage", {}), "no shared exchange folder across pods"


def test_ngshare_manifests_are_valid_and_unprivileged():
    """Are the ngshare Deployment, Service and volume valid Kubernetes objects, run as a
    non-root user, and named as the hub's service address says?"""
    docs = list(yaml.safe_load_all(NGSHARE.read_text(encoding="utf-8")))
    assert [d["kind"] for d in docs] == ["PersistentVolumeClaim", "Deployment", "Service"]
    for doc in docs:
        _validate(doc)
    pod = docs[1]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    container = pod["containers"][0]
    assert container["command"][:3] == ["python", "-m", "grader.hub.ngshare_service"]
    port = docs[2]["spec"]["ports"][0]["port"]
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    assert f"http://{docs[2]['metadata']['name']}:{port}" in values["hub"]["extraConfig"]["ngshare.py"]


def test_kubernetes_schema_catches_a_broken_manifest():
    """Does the validation really fail on a wrong manifest (a user id as text, a misspelt
    field)?"""
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    docs = list(yaml.safe_load_all(NGSHARE.read_text(encoding="utf-8")))
    broken = json.loads(json.dumps(docs[1]))
    broken["spec"]["template"]["spec"]["securityContext"]["runAsUser"] = "pengajar"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)
    broken = json.loads(json.dumps(docs[1]))
    broken["spec"]["template"]["spec"]["containers"][0]["volumeMount"] = []
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)


def test_dockerfile_installs_the_participant_package_without_answers():
    """Does the image pin its base, install the lock and a wheel (not editable), ship no
    solutions/ or tests/, run unprivileged, and start singleuser with ngshare's exchange?"""
    lines = [line.strip() for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    instructions = [line.split()[0] for line in lines if line.split()[0].isupper()]
    assert instructions[0] == "FROM" and ":" in lines[0].split()[1] and "latest" not in lines[0]
    assert any("requirements.lock" in line for line in lines if line.startswith(("RUN", "COPY")))
    assert not any(" -e " in line or "--editable" in line for line in lines)
    assert [i for i in instructions if i == "USER"], "image must not run as root"
    assert instructions[-1] == "CMD" and "jupyterhub-singleuser" in lines[-1]
    sources = []
    for line in lines:
        if line.startswith("COPY"):
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), source
                sources.append(source)
    assert "course/bimtek_peserta" in sources, "lessons and exercises import bimtek_peserta"
    assert not [s for s in sources if s.split("/")[0] in ("solutions", "tests", ".")], sources
    overrides = json.loads((REPO / "deploy/image/labconfig/default_setting_overrides.json").read_text())
    assert overrides == lab_overrides()
    config = (REPO / "deploy/image/nbgrader_config.py").read_text(encoding="utf-8")
    assert "configureExchange" in config
