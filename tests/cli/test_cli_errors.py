"""Domain errors become one clean message and exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args, env, needle", [
    (["db", "counts"], {"SCREENING_DATABASE_URL": "sqlite:///{tmp}/empty.db"}, "screening db migrate"),
    (["db", "migrate"], {"SCREENING_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, "cannot migrate"),
    (["db", "counts"], {"SCREENING_FLAG_THRESHOLD": "2"}, "E001"),
])
def test_domain_errors_exit_2_with_a_message(tmp_path, args, env, needle):
    env = {k: v.format(tmp=tmp_path) for k, v in env.items()}
    proc = subprocess.run([sys.executable, "-m", "screening.cli", *args], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", **env}, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_migrate_then_counts(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "SCREENING_DATABASE_URL": f"sqlite:///{tmp_path}/s.db"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "screening.cli", *a],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=120)
    assert run("db", "migrate").returncode == 0
    counts = run("db", "counts")
    assert counts.returncode == 0 and '"documents": 0' in counts.stdout
    verify = run("audit", "verify")
    assert verify.returncode == 0 and "intact" in verify.stdout
