import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        # The browser tests allow async-unsafe ORM use in this process only.
        env={k: v for k, v in {**os.environ, **env}.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_https_and_a_real_key():
    result = run_check(
        DEBUG="0",
        HTTPS="1",
        SECRET_KEY="k" * 20 + "-a-long-random-production-secret-key-value-0123456789",
        ALLOWED_HOSTS="help.example.edu",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_without_a_secret_key_refuses_to_start():
    result = run_check(DEBUG="0", HTTPS="1", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
