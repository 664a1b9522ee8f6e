"""Readable names for user ids: "changed by" lines for any signed-in caller, in one query."""

from __future__ import annotations

from sqlalchemy import select

from services.registry.domain.fields import parse_id
from services.registry.domain.identity import UserRole
from services.registry.domain.names import MAX_NAMED_IDS, UserName, may_see_name, user_name
from services.registry.store import users
from services.registry.uow import Database
from taplatform.auth.principal import Principal
from taplatform.errors import InvalidArgumentError


class NameHandlers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def list_names(self, principal: Principal, user_ids: list[str]) -> list[UserName]:
        """The names ``principal`` may see among ``user_ids`` (see :func:`may_see_name`).

        Ids that are malformed, unknown or not visible are left out rather than
        refused: a caller learns nothing from which ones are missing.
        """
        if len(user_ids) > MAX_NAMED_IDS:
            raise InvalidArgumentError.for_field(
                "user_ids", f"at most {MAX_NAMED_IDS} ids per request (got {len(user_ids)})"
            )
        ids = sorted({ident for ident in map(parse_id, user_ids) if ident is not None})
        if not ids:
            return []
        query = (
            select(users.c.user_id, users.c.email, users.c.role)
            .where(users.c.user_id.in_(ids))
            .order_by(users.c.user_id)
        )
        async with self._db.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        named = [user_name(str(row.user_id), row.email, UserRole(row.role)) for row in rows]
        return [n for n in named if may_see_name(principal.user_id, principal.is_admin, n)]
