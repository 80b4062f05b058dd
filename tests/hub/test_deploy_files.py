"""The deployment files beyond one server: Zero to JupyterHub values and the course image."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from grader.hub import sizing
from grader.hub.config import lab_overrides

REPO = Path(__file__).resolve().parents[2]
VALUES = REPO / "deploy" / "kubernetes" / "values.yaml"
DOCKERFILE = REPO / "deploy" / "image" / "Dockerfile"


def _mib(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([MG])", text).groups()
    return int(number) * (1024 if unit == "G" else 1)


def test_values_use_known_chart_keys_and_measured_sizes():
    """Are the chart keys real ones, and the memory sized from the measurements?"""
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    assert set(values) <= {"hub", "singleuser", "cull", "scheduling", "proxy", "prePuller", "ingress"}
    user = values["singleuser"]
    assert set(user["memory"]) == {"guarantee", "limit"}
    assert _mib(user["memory"]["guarantee"]) == sizing.MEM_GUARANTEE_MIB
    assert _mib(user["memory"]["limit"]) == sizing.MEM_LIMIT_MIB
    assert _mib(user["memory"]["guarantee"]) >= sizing.KERNEL_PEAK_MIB + sizing.SINGLEUSER_MIB
    assert user["cpu"]["limit"] == sizing.CPU_LIMIT
    assert user["image"]["name"] and user["image"]["tag"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    mounts = {m["mountPath"] for m in user["storage"]["extraVolumeMounts"]}
    assert "/srv/nbgrader/exchange" in mounts
    claims = [v["persistentVolumeClaim"]["claimName"] for v in user["storage"]["extraVolumes"]]
    assert claims == ["nbgrader-exchange"]
    assert values["hub"]["db"]["type"] == "postgres"
    assert values["hub"]["extraEnv"]["BIMTEK_GRADEBOOK_URL"].startswith("postgresql+psycopg2://")


def test_dockerfile_lint_level():
    """Does the image pin its base, install the lock, run unprivileged, start singleuser?"""
    lines = [line.strip() for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    instructions = [line.split()[0] for line in lines if not line.startswith(("&&", "\\"))
                    and line.split()[0].isupper()]
    assert instructions[0] == "FROM" and ":" in lines[0].split()[1] and "latest" not in lines[0]
    assert any("requirements.lock" in line for line in lines if line.startswith(("RUN", "COPY")))
    assert [i for i in instructions if i == "USER"], "image must not run as root"
    assert instructions[-1] == "CMD" and "jupyterhub-singleuser" in lines[-1]
    for line in lines:
        if line.startswith("COPY"):
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), source
    overrides = json.loads((REPO / "deploy/image/labconfig/default_setting_overrides.json").read_text())
    assert overrides == lab_overrides()
