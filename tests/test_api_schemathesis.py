"""schemathesis against the served API: its CLI generates requests, valid and not, for
every operation of the schema the server serves, with a write token; no 5xx, and every
answer fits that schema."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.loader import demo_load
from faq import services
from faq.models import ApiToken

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.schemathesis]

CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


def test_no_server_error_and_every_answer_fits_the_schema(live_server, settings, tmp_path):
    settings.RATE_LIMIT_API = settings.RATE_LIMIT_API_TOKEN = "100000/m"
    demo_load()
    token = services.api_token_create(name="schemathesis", scope=ApiToken.Scope.WRITE, user=None)[1]
    command = Path(sys.executable).parent / "schemathesis"
    run = subprocess.run(
        [
            str(command),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            "20",
            "--seed",
            "24",
            "--generation-deterministic",
            "--header",
            f"Authorization: Bearer {token}",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        # Its cache of what it found goes there, not into the checkout.
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"},
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout or "passed" in run.stdout, run.stdout[-3000:]
