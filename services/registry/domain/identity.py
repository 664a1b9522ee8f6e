"""Users, sessions and API tokens: the rules, with time and ids passed in."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from taplatform.errors import InvalidArgumentError

MIN_PASSWORD_LENGTH = 12
# Argon2 takes any length, but a megabyte "password" is a cheap denial of service.
MAX_PASSWORD_LENGTH = 1024
MAX_EMAIL_LENGTH = 254
SESSION_PREFIX = "tas_"
API_TOKEN_PREFIX = "tat_"
# Sliding the idle expiry writes a row; skip writes for touches closer together than this.
TOUCH_GRANULARITY = timedelta(minutes=1)
# Service accounts are users with a reserved, undeliverable email (RFC 2606 ".invalid").
SERVICE_ACCOUNT_DOMAIN = "service.invalid"
_SERVICE_ACCOUNT_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")


class UserRole(enum.Enum):
    ADMIN = "admin"
    USER = "user"
    # No password (cannot sign in), API tokens only, acts on every portfolio.
    SERVICE = "service"


@dataclass(frozen=True)
class User:
    user_id: str
    email: str
    role: UserRole
    created_at: datetime


@dataclass(frozen=True)
class Session:
    """A signed-in browser (or client): idle expiry slides, absolute expiry does not."""

    session_id: str
    user_id: str
    created_at: datetime
    idle_expires_at: datetime
    absolute_expires_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        """Not revoked and neither expiry has passed."""
        return (
            self.revoked_at is None
            and now < self.idle_expires_at
            and now < self.absolute_expires_at
        )

    def touched(self, now: datetime, idle_ttl: timedelta) -> Session | None:
        """The session seen again at ``now``, or None when nothing worth writing changed."""
        if now - self.last_seen_at < TOUCH_GRANULARITY:
            return None
        idle = min(now + idle_ttl, self.absolute_expires_at)
        return replace(self, last_seen_at=now, idle_expires_at=idle)


def new_session(
    session_id: str, user_id: str, now: datetime, idle_ttl: timedelta, absolute_ttl: timedelta
) -> Session:
    """A session starting at ``now``; the idle expiry never outlives the absolute one."""
    absolute = now + absolute_ttl
    return Session(
        session_id=session_id,
        user_id=user_id,
        created_at=now,
        idle_expires_at=min(now + idle_ttl, absolute),
        absolute_expires_at=absolute,
        last_seen_at=now,
    )


@dataclass(frozen=True)
class ApiToken:
    """A personal token for scripts and grpcurl; the secret is shown once and stored hashed."""

    token_id: str
    user_id: str
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def used(self, now: datetime) -> ApiToken | None:
        """The token used at ``now``, or None when the last use is recent enough to keep."""
        if self.last_used_at is not None and now - self.last_used_at < TOUCH_GRANULARITY:
            return None
        return replace(self, last_used_at=now)


def parse_email(value: str, field: str = "email") -> str:
    """A trimmed, lower-cased address; uniqueness is case-insensitive."""
    email = value.strip().lower()
    if not email:
        raise InvalidArgumentError.for_field(field, "is required")
    if len(email) > MAX_EMAIL_LENGTH:
        raise InvalidArgumentError.for_field(
            field, f"must be at most {MAX_EMAIL_LENGTH} characters"
        )
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in email):
        raise InvalidArgumentError.for_field(field, f"{email!r} is not an email address")
    return email


def service_account_email(name: str, field: str = "name") -> str:
    """The email of the service account called ``name`` (e.g. worker@service.invalid)."""
    cleaned = name.strip().lower()
    if not _SERVICE_ACCOUNT_NAME.fullmatch(cleaned):
        raise InvalidArgumentError.for_field(
            field,
            f"{name!r} is not a service account name: 1-40 lower-case letters, digits "
            "and '-', starting and ending with a letter or digit",
        )
    return f"{cleaned}@{SERVICE_ACCOUNT_DOMAIN}"


def check_new_password(value: str, field: str = "password") -> str:
    """A password long enough to resist guessing; any characters are allowed."""
    if len(value) < MIN_PASSWORD_LENGTH:
        raise InvalidArgumentError.for_field(
            field, f"must be at least {MIN_PASSWORD_LENGTH} characters"
        )
    if len(value) > MAX_PASSWORD_LENGTH:
        raise InvalidArgumentError.for_field(
            field, f"must be at most {MAX_PASSWORD_LENGTH} characters"
        )
    return value


def api_token_expiry(
    now: datetime, requested: datetime | None, default_ttl: timedelta, max_ttl: timedelta
) -> datetime:
    """When a new API token expires: the requested time (future, within ``max_ttl``) or default."""
    if requested is None:
        return now + default_ttl
    if requested <= now:
        raise InvalidArgumentError.for_field("expires_at", "must be in the future")
    if requested > now + max_ttl:
        raise InvalidArgumentError.for_field(
            "expires_at", f"must be within {max_ttl.days} days from now"
        )
    return requested
