"""Airflow runs in a subprocess (it reads its settings from the environment at import); one
metadata database per test session, created with `airflow db migrate`."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("airflow_runner.py")
BIN = Path(sys.executable).parent

_spec = importlib.util.spec_from_file_location(
    "fake_reddit", ROOT / "tests" / "ingest" / "fake_reddit.py")
fake_reddit = sys.modules.get("fake_reddit")
if fake_reddit is None:
    fake_reddit = importlib.util.module_from_spec(_spec)
    sys.modules["fake_reddit"] = fake_reddit
    _spec.loader.exec_module(fake_reddit)


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("airflow_home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "SCREENING_"))}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    done = subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return env


@pytest.fixture(scope="session")
def run_airflow():
    """``run_airflow(env, *args)`` -> the runner's JSON result."""
    return _run_airflow


def _run_airflow(env: dict[str, str], *args: str, timeout: int = 480) -> dict:
    done = subprocess.run([sys.executable, str(RUNNER), *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=str(ROOT))
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert done.returncode == 0 and lines, (done.stdout[-4000:] + "\n" + done.stderr[-4000:])
    return json.loads(lines[-1][len("RESULT "):])
