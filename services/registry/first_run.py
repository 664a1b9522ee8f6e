"""The bootstrap admin: created on first start from settings, once, if no user exists yet."""

from __future__ import annotations

import asyncio

from services.registry.handlers.identity import IdentityHandlers
from taplatform.errors import FailedPreconditionError, InvalidArgumentError
from taplatform.logging import get_logger

log = get_logger(__name__)


async def ensure_bootstrap_admin(
    identity: IdentityHandlers, email: str, password: str, *, retry_delay_s: float = 1.0
) -> bool:
    """Create the admin unless any user exists; retried until the schema is ready.

    Returns True when this call created it. Safe on every start and across
    replicas: the first-admin rule (no user yet, under a lock) decides.
    """
    while True:
        try:
            if not await identity.needs_first_admin():
                log.info("bootstrap_admin.skipped: users already exist", email=email)
                return False
            user = await identity.create_first_admin(email, password)
        except FailedPreconditionError:
            return False  # another replica or the first-run screen won the race
        except InvalidArgumentError as error:
            log.error("bootstrap_admin.invalid: fix TA_BOOTSTRAP_ADMIN_*", error=error.message)
            return False
        except asyncio.CancelledError:
            raise
        except Exception as error:  # not migrated yet, database down: try again
            log.info("bootstrap_admin.waiting", error=f"{type(error).__name__}: {error}")
            await asyncio.sleep(retry_delay_s)
            continue
        log.info("bootstrap_admin.created", user_id=user.user_id, email=user.email)
        return True
