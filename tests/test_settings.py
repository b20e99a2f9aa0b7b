"""Settings from the environment (helpdesk/settings.py through environs): the documented
defaults, good values read as meant, and a bad value stopping manage.py, gunicorn and
pytest with one line that names it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent

# Every variable helpdesk/settings.py reads, so a test can start from none of them.
VARIABLES = {
    "DEBUG", "HTTPS", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
    "DB_CONN_MAX_AGE", "DB_CONNECT_TIMEOUT", "DB_PREPARE_THRESHOLD", "DB_POOL", "DB_POOL_MAX",
    "DB_POOL_TIMEOUT", "DATABASE_TEST_NAME", "REDIS_URL", "CACHE_PREFIX", "RATE_LIMIT_VISITOR",
    "RATE_LIMIT_IP", "RATE_LIMIT_STEPS", "RATE_LIMIT_STEPS_IP", "VIEW_BUFFER_SIZE",
    "VIEW_BUFFER_SECONDS", "SEARCH_BUFFER_SIZE", "SEARCH_BUFFER_SECONDS",
    "ARTICLE_SHELL_SECONDS", "TRUSTED_PROXIES", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES",
    "TIME_ZONE", "STATIC_ROOT", "MEDIA_ROOT", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_CUSTOM_DOMAIN",
    "S3_REGION", "S3_PREFIX", "S3_ADDRESSING_STYLE", "TESTING_STATIC_PLAIN", "IMAGE_MAX_BYTES",
    "UPLOAD_MAX_BYTES", "SITE_NAME", "HSTS_SECONDS", "LOG_LEVEL", "SITE_TEAM",
    "PYTEST_XDIST_WORKER",
}  # fmt: skip


def environment(**env) -> dict:
    """This process's environment without any setting, plus `env`."""
    # The browser tests allow async-unsafe ORM use in this process only.
    kept = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    kept.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**kept, **env}


def run(command: list[str], **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, env=environment(**env), capture_output=True, text=True, check=False
    )


def run_check(**env):
    return run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)


def loaded(**env) -> dict:
    """The settings as Django sees them, in a fresh process with only `env` set."""
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in dir(s) if k.isupper()}, default=str))"
    )
    result = run([sys.executable, "-c", code], DJANGO_SETTINGS_MODULE="helpdesk.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


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
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Configuration error: SECRET_KEY must be set when HTTPS=1"
    ]


def test_unset_variables_give_the_documented_defaults():
    s = loaded()
    assert (s["DEBUG"], s["HTTPS"]) == (False, False)
    assert s["SECRET_KEY"].startswith("insecure-local-only-key")
    assert s["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert s["CSRF_TRUSTED_ORIGINS"] == []
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")
    assert db["CONN_MAX_AGE"] == 600
    assert s["REDIS_URL"] == ""
    assert s["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert [s[f"RATE_LIMIT_{n}"] for n in ("VISITOR", "IP", "STEPS", "STEPS_IP")] == [
        "30/m",
        "600/m",
        "120/m",
        "3000/m",
    ]
    assert (s["VIEW_BUFFER_SIZE"], s["VIEW_BUFFER_SECONDS"]) == (50, 2.0)
    assert (s["SEARCH_BUFFER_SIZE"], s["SEARCH_BUFFER_SECONDS"]) == (50, 2.0)
    assert s["ARTICLE_SHELL_SECONDS"] == 600
    assert s["TRUSTED_PROXIES"] == []
    assert (s["AXES_FAILURE_LIMIT"], s["AXES_COOLOFF_TIME"]) == (5, "0:15:00")
    assert s["TIME_ZONE"] == "UTC"
    assert s["STATIC_ROOT"] == str(ROOT / "staticfiles")
    assert s["MEDIA_ROOT"] == str(ROOT / "media")
    assert s["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert s["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise")
    assert (s["IMAGE_MAX_BYTES"], s["UPLOAD_MAX_BYTES"]) == (5 * 1024 * 1024, 32 * 1024 * 1024)
    assert (s["SITE_NAME"], s["SITE_TEAM"]) == ("Helpdesk FAQ", "Support Alfasoft")
    assert s["LOGGING"]["root"]["level"] == "WARNING"
    # Django's own default: no HSTS without HTTPS.
    assert s["SECURE_HSTS_SECONDS"] == 0


def test_postgres_redis_and_https_defaults():
    s = loaded(
        DATABASE_URL="postgres://kim@127.0.0.1:5432/helpdesk",
        REDIS_URL="redis://127.0.0.1:6379/3",
        HTTPS="1",
        SECRET_KEY="x" * 50,
    )
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "faq.backends.postgresql"
    assert db["OPTIONS"]["connect_timeout"] == 2
    assert db["OPTIONS"]["prepare_threshold"] == 5
    assert "pool" not in db["OPTIONS"]
    assert db["TEST"]["NAME"] == "test_helpdesk"
    assert s["CACHES"]["default"]["KEY_PREFIX"] == "helpdesk"
    assert s["CACHES"]["ratelimit"]["KEY_PREFIX"] == "helpdesk-rl"
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    # The switcher's choice goes only over HTTPS, like the other cookies.
    assert s["LANGUAGE_COOKIE_SECURE"] is True
    pooled = loaded(DATABASE_URL="postgres://kim@127.0.0.1:5432/helpdesk", DB_POOL="1")
    assert pooled["DATABASES"]["default"]["OPTIONS"]["pool"] == {
        "min_size": 1,
        "max_size": 8,
        "timeout": 2.0,
    }


def test_good_values_are_read_as_meant():
    s = loaded(
        DEBUG="yes",
        ALLOWED_HOSTS=" help.example.edu, ,faq.example.edu ",
        DATABASE_URL="postgres://kim@127.0.0.1:5432/helpdesk",
        DB_PREPARE_THRESHOLD="",
        DB_POOL="On",
        DB_POOL_MAX="20",
        DB_POOL_TIMEOUT="0.5",
        RATE_LIMIT_IP="100/10s",
        VIEW_BUFFER_SIZE="7",
        VIEW_BUFFER_SECONDS="0.25",
        SEARCH_BUFFER_SIZE="3",
        SEARCH_BUFFER_SECONDS="1.5",
        ARTICLE_SHELL_SECONDS="0",
        TRUSTED_PROXIES="10.0.0.0/8, 192.168.1.1,::1",
        AXES_COOLOFF_MINUTES="60",
        TIME_ZONE="Europe/Stockholm",
        STATIC_ROOT="",
        LOG_LEVEL="info",
        S3_BUCKET="help-images",
        S3_ADDRESSING_STYLE="virtual",
        S3_PREFIX="shots/",
    )
    assert s["DEBUG"] is True
    assert s["ALLOWED_HOSTS"] == ["help.example.edu", "faq.example.edu"]
    options = s["DATABASES"]["default"]["OPTIONS"]
    assert options["prepare_threshold"] is None
    assert options["pool"] == {"min_size": 1, "max_size": 20, "timeout": 0.5}
    assert s["RATE_LIMIT_IP"] == "100/10s"
    assert (s["VIEW_BUFFER_SIZE"], s["VIEW_BUFFER_SECONDS"]) == (7, 0.25)
    assert (s["SEARCH_BUFFER_SIZE"], s["SEARCH_BUFFER_SECONDS"]) == (3, 1.5)
    assert s["ARTICLE_SHELL_SECONDS"] == 0
    assert s["TRUSTED_PROXIES"] == ["10.0.0.0/8", "192.168.1.1", "::1"]
    assert s["AXES_COOLOFF_TIME"] == "1:00:00"
    assert s["TIME_ZONE"] == "Europe/Stockholm"
    assert s["STATIC_ROOT"] == str(ROOT / "staticfiles")
    assert s["LOGGING"]["root"]["level"] == "INFO"
    storage = s["STORAGES"]["default"]["OPTIONS"]
    assert (storage["addressing_style"], storage["location"]) == ("virtual", "shots/")


def test_good_values_pass_the_check():
    result = run_check(
        DEBUG="0",
        HTTPS="1",
        SECRET_KEY="k" * 20 + "-a-long-random-production-secret-key-value-0123456789",
        ALLOWED_HOSTS="help.example.edu",
        VIEW_BUFFER_SIZE="10",
        VIEW_BUFFER_SECONDS="0.5",
        SEARCH_BUFFER_SIZE="1",
        SEARCH_BUFFER_SECONDS="30",
        RATE_LIMIT_STEPS="6/h",
        LOG_LEVEL="error",
        DB_CONN_MAX_AGE="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""


BAD = [
    ({"VIEW_BUFFER_SIZE": "abc"}, "VIEW_BUFFER_SIZE must be an integer, got 'abc'"),
    ({"VIEW_BUFFER_SIZE": "0"}, "VIEW_BUFFER_SIZE must be at least 1, got '0'"),
    ({"VIEW_BUFFER_SIZE": "2.5"}, "VIEW_BUFFER_SIZE must be an integer, got '2.5'"),
    # A value with a line break still makes one line.
    ({"SEARCH_BUFFER_SIZE": "5\n0"}, "SEARCH_BUFFER_SIZE must be an integer, got '5\\n0'"),
    (
        {"VIEW_BUFFER_SECONDS": "soon"},
        "VIEW_BUFFER_SECONDS must be a number of seconds, got 'soon'",
    ),
    ({"SEARCH_BUFFER_SECONDS": "0"}, "SEARCH_BUFFER_SECONDS must be more than 0, got '0'"),
    ({"DB_POOL_TIMEOUT": "inf"}, "DB_POOL_TIMEOUT must be a finite number of seconds, got 'inf'"),
    ({"DB_POOL_MAX": "-1"}, "DB_POOL_MAX must be at least 1, got '-1'"),
    ({"DB_CONNECT_TIMEOUT": "0"}, "DB_CONNECT_TIMEOUT must be at least 1, got '0'"),
    (
        {"DB_PREPARE_THRESHOLD": "off"},
        "DB_PREPARE_THRESHOLD must be an integer or empty, got 'off'",
    ),
    ({"AXES_COOLOFF_MINUTES": "0"}, "AXES_COOLOFF_MINUTES must be at least 1, got '0'"),
    ({"UPLOAD_MAX_BYTES": "32MB"}, "UPLOAD_MAX_BYTES must be an integer, got '32MB'"),
    ({"ARTICLE_SHELL_SECONDS": "-5"}, "ARTICLE_SHELL_SECONDS must be at least 0, got '-5'"),
    (
        {"DEBUG": "maybe"},
        "DEBUG must be 1, true, yes or on, or 0, false, no or off, got 'maybe'",
    ),
    (
        {"RATE_LIMIT_STEPS": "120"},
        "RATE_LIMIT_STEPS must be a rate: a count, a slash and a period (s, m, h or d), "
        "such as 30/m or 100/10s, got '120'",
    ),
    (
        # A window of no time would divide by zero on every tick.
        {"RATE_LIMIT_IP": "5/0s"},
        "RATE_LIMIT_IP must be a rate: a count, a slash and a period (s, m, h or d), "
        "such as 30/m or 100/10s, got '5/0s'",
    ),
    (
        {"TRUSTED_PROXIES": "10.0.0.1,proxy.example.edu"},
        "TRUSTED_PROXIES must be comma-separated addresses or networks, "
        "such as 10.0.0.1,192.168.0.0/16, got '10.0.0.1,proxy.example.edu'",
    ),
    (
        {"TIME_ZONE": "Mars/Olympus_Mons"},
        "TIME_ZONE must be a time zone name such as UTC or Europe/Stockholm, "
        "got 'Mars/Olympus_Mons'",
    ),
    (
        {"LOG_LEVEL": "loud"},
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR or CRITICAL, got 'loud'",
    ),
    (
        {"DATABASE_URL": "mysql://kim@db.example.edu/helpdesk"},
        "DATABASE_URL must be a postgres:// or sqlite:/// URL, such as "
        "postgres://user@host:5432/name, got 'mysql://kim@db.example.edu/helpdesk'",
    ),
    (
        {"REDIS_URL": "localhost:6379"},
        "REDIS_URL must be a redis:// URL, such as redis://host:6379/0, got 'localhost:6379'",
    ),
    (
        {"S3_ADDRESSING_STYLE": "sideways"},
        "S3_ADDRESSING_STYLE must be one of auto, virtual, path, got 'sideways'",
    ),
    (
        {"S3_ENDPOINT_URL": "s3.example.edu"},
        "S3_ENDPOINT_URL must be an http:// or https:// URL, such as https://s3.example.edu, "
        "got 's3.example.edu'",
    ),
]


@pytest.mark.parametrize(("env", "problem"), BAD, ids=[next(iter(env)) for env, _ in BAD])
def test_a_bad_value_stops_manage_py_with_one_line_naming_it(env, problem):
    result = run_check(**env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Configuration error: {problem}"]
    assert "Traceback" not in result.stdout + result.stderr


def test_every_bad_value_is_named_in_the_one_line():
    result = run_check(
        VIEW_BUFFER_SIZE="abc", RATE_LIMIT_VISITOR="lots", DB_POOL_TIMEOUT="0", HTTPS="1"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Configuration error: "
        "DB_POOL_TIMEOUT must be more than 0, got '0'; "
        "RATE_LIMIT_VISITOR must be a rate: a count, a slash and a period (s, m, h or d), "
        "such as 30/m or 100/10s, got 'lots'; "
        "VIEW_BUFFER_SIZE must be an integer, got 'abc'; "
        "SECRET_KEY must be set when HTTPS=1"
    ]


def test_the_line_hides_a_password_in_a_url():
    result = run_check(DATABASE_URL="postgres://kim:hunter2@db.example.edu:5432x/helpdesk")
    assert result.returncode == 1
    assert "hunter2" not in result.stderr
    assert result.stderr.splitlines() == [
        "Configuration error: DATABASE_URL must be a postgres:// or sqlite:/// URL, such as "
        "postgres://user@host:5432/name, got 'postgres://kim:***@db.example.edu:5432x/helpdesk'"
    ]


def test_a_bad_value_stops_gunicorn_before_it_starts_a_worker():
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "helpdesk.wsgi:application", "--config=gunicorn.conf.py"]
    command += [f"--bind=127.0.0.1:{free_port()}", "--no-control-socket"]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment(VIEW_BUFFER_SIZE="abc"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            # Without the check in the master, gunicorn boots a worker, it dies, and
            # gunicorn boots another, for ever: this wait would time out.
            stdout, stderr = server.communicate(timeout=30)
        finally:
            server.kill()
    assert server.returncode == 1
    assert stderr.splitlines() == [
        "Configuration error: VIEW_BUFFER_SIZE must be an integer, got 'abc'"
    ]
    assert stdout == ""


def test_a_bad_value_stops_pytest_with_the_same_line():
    # Only collecting one file: pytest-django reads the settings before any file.
    pytest_args = ["-p", "no:cacheprovider", "--collect-only", "-q", "tests/test_ratelimits.py"]
    result = run([sys.executable, "-m", "pytest", *pytest_args], RATE_LIMIT_STEPS="often")
    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        "Configuration error: RATE_LIMIT_STEPS must be a rate: a count, a slash and a period "
        "(s, m, h or d), such as 30/m or 100/10s, got 'often'"
    ]
