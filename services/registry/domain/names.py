"""How a user who did something is shown to others: a person by email, a service account by name.

The users table holds no display name, so a person's email is the readable
name; a service account's email is ``<name>@service.invalid`` and only its name
means anything to a reader. Who may see which names is decided here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.registry.domain.identity import SERVICE_ACCOUNT_DOMAIN, UserRole

# One page of "changed by" lines never needs more; a bigger request is refused.
MAX_NAMED_IDS = 500


@dataclass(frozen=True)
class UserName:
    """A user as shown next to something they did: a readable name and the role."""

    user_id: str
    name: str
    role: UserRole


def user_name(user_id: str, email: str, role: UserRole) -> UserName:
    """The readable name of a user: the email of a person, the name of a service account."""
    if role is UserRole.SERVICE:
        return UserName(user_id, email.removesuffix(f"@{SERVICE_ACCOUNT_DOMAIN}"), role)
    return UserName(user_id, email, role)


def may_see_name(viewer_user_id: str, viewer_is_admin: bool, named: UserName) -> bool:
    """Whether a viewer, outside any portfolio's audit log, may learn ``named``'s name.

    Admins manage users and see every name already. Anyone else sees their own,
    the admins' (who change listing-wide settings) and the service accounts' (who
    do the scheduled work): the actors a plain user meets outside their own
    portfolios. Another plain user's email is nobody else's business.
    """
    if viewer_is_admin or named.user_id == viewer_user_id:
        return True
    return named.role in (UserRole.ADMIN, UserRole.SERVICE)
