"""The demo's credentials file (``var/demo-credentials.txt``, mode 0600) and the admin to create.

The file holds the demo admin's email, the password when it was generated
(printed once by ``up``; the file is where a person who missed that line finds
it) and an API token of the admin's (still keyed ``worker_api_token``), with which the
next ``up`` finishes a seed cut short while it is valid. The worker no longer uses
it: background work acts as a service account (``service-token.txt``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CREDENTIALS_FILE = "demo-credentials.txt"
DEFAULT_ADMIN_EMAIL = "admin@example.com"
EMAIL_ENV = "TA_BOOTSTRAP_ADMIN_EMAIL"
PASSWORD_ENV = "TA_BOOTSTRAP_ADMIN_PASSWORD"
_HEADER = (
    "# Trading Assistant demo credentials, written by `tradingassistant up` / `seed-demo`.\n"
    "# Keep private (mode 0600). The admin's API token lets the next `up` finish the seed;\n"
    "# revoke it in the web app (Settings -> API tokens) when you are done with the demo.\n"
)


@dataclass(frozen=True)
class AdminLogin:
    """The first admin's email and password; ``generated`` when we made the password up."""

    email: str
    password: str
    generated: bool


def admin_login(env: Mapping[str, str]) -> AdminLogin:
    """From ``TA_BOOTSTRAP_ADMIN_*``, else admin@example.com and a fresh random password."""
    email = env.get(EMAIL_ENV) or DEFAULT_ADMIN_EMAIL
    password = env.get(PASSWORD_ENV)
    if password:
        return AdminLogin(email, password, generated=False)
    return AdminLogin(email, secrets.token_urlsafe(18), generated=True)


@dataclass(frozen=True)
class DemoCredentials:
    email: str
    worker_token: str
    # Only a generated password is kept; one from the environment is the caller's to keep.
    password: str | None = None


def read_credentials(path: Path) -> DemoCredentials | None:
    """The file's credentials, or None when it is missing or lacks the email or token."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            values[key.strip()] = value.strip()
    if not values.get("email") or not values.get("worker_api_token"):
        return None
    return DemoCredentials(values["email"], values["worker_api_token"], values.get("password"))


def write_credentials(path: Path, credentials: DemoCredentials) -> None:
    """Write the file readable by its owner only (created 0600, never world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"email: {credentials.email}"]
    if credentials.password is not None:
        lines.append(f"password: {credentials.password}")
    lines.append(f"worker_api_token: {credentials.worker_token}")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # An older file may have wider bits; O_CREAT's mode applies only to new files.
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(_HEADER + "\n".join(lines) + "\n")
