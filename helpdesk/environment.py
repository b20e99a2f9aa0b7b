"""Settings read from the environment through environs: typed, checked, and every bad
value reported at once, in one line that stops the start (manage.py, gunicorn, pytest)."""

import ipaddress
import logging
import os
import sys
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import environs
from environs import ValidationError, validate

from faq.ratelimits import Rate

# The engines the app has code for (settings, faq/sql.py, faq/search/, faq/backends/).
DATABASE_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}
# The words a yes/no variable may be, as before environs: any of these cases.
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}
RATE = "a rate: a count, a slash and a period (s, m, h or d), such as 30/m or 100/10s"


def check_rate(value: str) -> None:
    """A rate as faq.ratelimits reads it, so a limit cannot fail on a request."""
    try:
        Rate.parse(value)
    except ValueError as error:
        raise ValidationError(f"must be {RATE}") from error


def check_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("must be a time zone name such as UTC or Europe/Stockholm") from error


def check_database_url(value: str) -> None:
    message = "must be a postgres:// or sqlite:/// URL, such as postgres://user@host:5432/name"
    try:
        engine = dj_database_url.parse(value)["ENGINE"]
    except Exception as error:  # dj-database-url raises several kinds for a bad URL.
        raise ValidationError(message) from error
    if engine not in DATABASE_ENGINES:
        raise ValidationError(message)


def check_redis_url(value: str) -> None:
    message = "must be a redis:// URL, such as redis://host:6379/0"
    try:
        parts = urlsplit(value)
        # A port that is not a number only raises when it is asked for.
        parts.port  # noqa: B018
    except ValueError as error:
        raise ValidationError(message) from error
    if parts.scheme not in REDIS_SCHEMES or not (parts.hostname or parts.path):
        raise ValidationError(message)


def check_http_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValidationError("must be an http:// or https:// URL, such as https://s3.example.edu")


def check_issuer_url(value: str) -> None:
    """An OpenID provider's issuer: https, or http on this machine only (a test provider)."""
    parts = urlsplit(value)
    local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if not parts.netloc or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise ValidationError(
            "must be an https:// URL, such as https://login.example.edu/realms/staff"
        )


def check_group_map(values: list[str]) -> None:
    for item in filter(None, (v.strip() for v in values)):
        claim, equals, group = (part.strip() for part in item.partition("="))
        if not (claim and equals and group):
            raise ValidationError(
                "must be comma-separated pairs of a provider's group and a Django group, "
                "such as it-support=Editors,it-publishers=Publishers"
            )


def check_networks(values: list[str]) -> None:
    for value in filter(None, (v.strip() for v in values)):
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as error:
            raise ValidationError(
                "must be comma-separated addresses or networks, such as 10.0.0.1,192.168.0.0/16"
            ) from error


def check_log_level(value: str) -> None:
    if value.strip().upper() not in logging.getLevelNamesMapping():
        raise ValidationError("must be one of DEBUG, INFO, WARNING, ERROR or CRITICAL")


def in_any_case(words: set[str]) -> set[str]:
    return {spelling for word in words for spelling in (word, word.upper(), word.title())}


def optional(check: Callable[[str], None]) -> Callable[[str], None]:
    """`check` for a value that may also be empty."""

    def checked(value: str) -> None:
        if value:
            check(value)

    return checked


def shown(value: str) -> str:
    """The value as the error line quotes it, any password in a URL hidden."""
    try:
        parts = urlsplit(value)
        if parts.password is None:
            return repr(value)
    except ValueError:
        return repr(value)
    host = parts.netloc.rpartition("@")[2]
    return repr(urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}")))


def first_message(messages: Any) -> str:
    """marshmallow's first message, wherever it nests it (a list's are by item)."""
    while isinstance(messages, dict | list):
        messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
    return str(messages)


class Environment:
    """Typed reads of environment variables; check() reports every bad value at once."""

    def __init__(self):
        # Not eager: every variable is read before the first problem is reported.
        self._env = environs.Env(eager=False)
        self._problems: list[str] = []

    def _read(self, method: Callable, name: str, default: Any, **kwargs) -> Any:
        value = method(name, default, **kwargs)
        # A bad value reads as None: the default carries the rest of the settings
        # through to check(), which stops the start.
        return default if value is None else value

    def flag(self, name: str) -> bool:
        """Off unless 1, true, yes or on; empty is off."""
        return self._read(
            self._env.bool,
            name,
            False,
            truthy=in_any_case(TRUE_WORDS),
            falsy=in_any_case(FALSE_WORDS),
            error_messages={"invalid": "must be 1, true, yes or on, or 0, false, no or off"},
        )

    def integer(self, name: str, default: int, *, minimum: int) -> int:
        return self._read(
            self._env.int,
            name,
            default,
            validate=validate.Range(min=minimum, error="must be at least {min}"),
            error_messages={"invalid": "must be an integer"},
        )

    def optional_integer(self, name: str, default: int, *, minimum: int) -> int | None:
        """An integer, at least `minimum`, or None when set empty."""

        def check(value: str) -> None:
            try:
                number = int(value)
            except ValueError as error:
                raise ValidationError("must be an integer or empty") from error
            if number < minimum:
                raise ValidationError(f"must be at least {minimum} or empty")

        value = self.text(name, str(default), check=optional(check))
        return int(value) if value else None

    def seconds(self, name: str, default: float) -> float:
        """Seconds above 0, fractions allowed."""
        return float(
            self._read(
                self._env.float,
                name,
                default,
                validate=validate.Range(min=0, min_inclusive=False, error="must be more than 0"),
                error_messages={
                    "invalid": "must be a number of seconds",
                    "special": "must be a finite number of seconds",
                },
            )
        )

    def text(self, name: str, default: str, *, check: Callable | None = None) -> str:
        """The value as it is; `check` raises ValidationError for a bad one."""
        return self._read(self._env.str, name, default, validate=check)

    def choice(self, name: str, choices: list[str]) -> str:
        """One of `choices`, or empty."""
        one_of = validate.OneOf(choices, error=f"must be one of {', '.join(choices)}")
        return self.text(name, "", check=optional(one_of))

    def names(self, name: str, default: str, *, check: Callable | None = None) -> list[str]:
        """A comma-separated list, each item stripped, empty ones left out."""
        items = self._read(self._env.list, name, default.split(","), validate=check)
        return [item.strip() for item in items if item.strip()]

    def path(self, name: str, default: Path) -> Path:
        """A folder; unset or empty is `default`."""
        return Path(self.text(name, "") or default)

    def rate(self, name: str, default: str) -> str:
        return self.text(name, default, check=check_rate)

    def time_zone(self, name: str, default: str) -> str:
        return self.text(name, default, check=check_time_zone)

    def log_level(self, name: str, default: str) -> str:
        return self.text(name, default, check=check_log_level).strip().upper()

    def database(self, name: str, default: str) -> dj_database_url.DBConfig:
        """Django's DATABASES entry for a URL (dj-database-url)."""
        return dj_database_url.parse(self.text(name, default, check=check_database_url))

    def redis_url(self, name: str) -> str:
        """A redis://, rediss:// or unix:// URL, or empty."""
        return self.text(name, "", check=optional(check_redis_url))

    def http_url(self, name: str) -> str:
        """An http:// or https:// URL, or empty."""
        return self.text(name, "", check=optional(check_http_url))

    def issuer_url(self, name: str) -> str:
        """An OpenID provider's issuer URL (https), or empty."""
        return self.text(name, "", check=optional(check_issuer_url))

    def group_map(self, name: str) -> dict[str, list[str]]:
        """`it-support=Editors,it-publishers=Publishers`: each provider group's Django groups."""
        mapping: dict[str, list[str]] = {}
        for item in self.names(name, "", check=check_group_map):
            claim, _, group = (part.strip() for part in item.partition("="))
            if claim and group and group not in mapping.setdefault(claim, []):
                mapping[claim].append(group)
        return mapping

    def networks(self, name: str) -> list[str]:
        """Comma-separated IP addresses or networks (10.0.0.0/8)."""
        return self.names(name, "", check=check_networks)

    def fail(self, message: str) -> None:
        """A problem no one variable shows alone (one setting requires another)."""
        self._problems.append(message)

    def problems(self) -> list[str]:
        """Every bad value read, each naming its variable; no variable may be read after."""
        found = []
        try:
            self._env.seal()
        except environs.EnvValidationError as error:
            by_name = error.error_messages
            if not isinstance(by_name, Mapping):
                raise TypeError(f"Settings problems not tied to a variable: {by_name}") from error
            for name, messages in by_name.items():
                value = shown(os.environ.get(name, ""))
                found.append(f"{name} {first_message(messages)}, got {value}")
        return found + self._problems

    def check(self) -> None:
        """Stop the start with one line on stderr, and no traceback, if any value is bad."""
        if problems := self.problems():
            sys.exit("Configuration error: " + "; ".join(problems))
