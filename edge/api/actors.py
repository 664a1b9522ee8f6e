"""Who did something, by name: the actor of an audit event or of a settings version.

Audit events arrive from the registry with their actor already named. Other
objects carry only a user id; :func:`actor_by_id` names it through the
request's ``user_name`` DataLoader, so a page costs one ``ListUserNames``
however many "changed by" lines it shows. An id the registry does not name
(unknown, or another user's that the viewer may not see) keeps a null name,
and clients show a short id instead.
"""

from __future__ import annotations

import enum

import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import EdgeInfo


@strawberry.enum(description="What kind of account acted: a person (admin or user) or a service.")
class ActorRole(enum.Enum):
    ADMIN = "admin"
    USER = "user"
    SERVICE = "service"


_ROLES: dict[int, ActorRole] = {
    registry_pb2.ROLE_ADMIN: ActorRole.ADMIN,
    registry_pb2.ROLE_USER: ActorRole.USER,
    registry_pb2.ROLE_SERVICE: ActorRole.SERVICE,
}


@strawberry.type(description="A user who did something, as far as the viewer may know them.")
class Actor:
    id: strawberry.ID
    name: str | None = strawberry.field(
        description="A person's email or a service account's name; null when unknown."
    )
    role: ActorRole | None

    @classmethod
    def named(cls, user_id: str, name: str, role: int) -> Actor:
        return cls(id=strawberry.ID(user_id), name=name or None, role=_ROLES.get(role))


def audit_actor(event: registry_pb2.AuditEvent) -> Actor | None:
    """The actor of an audit event as the registry named it; None when the event has none."""
    if not event.actor_user_id:
        return None
    return Actor.named(event.actor_user_id, event.actor_name, event.actor_role)


async def actor_by_id(info: EdgeInfo, user_id: str) -> Actor | None:
    """The user behind ``user_id`` (batched per request); None for an empty id."""
    if not user_id:
        return None
    found = await info.context.loaders.user_name.load(user_id)
    if found is None:
        return Actor.named(user_id, "", registry_pb2.ROLE_UNSPECIFIED)
    return Actor.named(user_id, found.name, found.role)
