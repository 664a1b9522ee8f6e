"""Identity use cases: first-run setup, users, sign-in and sign-out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, insert, select, text, update

from services.registry import bearer
from services.registry.domain.audit import audit_payload
from services.registry.domain.identity import (
    SESSION_PREFIX,
    Session,
    User,
    UserRole,
    check_new_password,
    new_session,
    parse_email,
)
from services.registry.paging import Page
from services.registry.passwords import Passwords
from services.registry.records import SESSION, USER, user_from_row
from services.registry.repository import add, fetch_page
from services.registry.store import sessions, sign_in_failures, users
from services.registry.uow import Database, Tx, require_admin
from taplatform.auth.principal import Principal, TokenKind
from taplatform.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    InvalidArgumentError,
    ResourceExhaustedError,
    UnauthenticatedError,
)
from taplatform.logging import get_logger

log = get_logger(__name__)

# Serialises first-admin creation across replicas: "no user yet" must be checked and acted
# on atomically, or two racing first-run screens would both create an admin.
_FIRST_ADMIN_LOCK = 0x7461_7265_6731  # "tareg1"
SIGN_IN_FAILED = "sign-in failed: wrong email or password"
# Users who can sign in: a service account minted before setup must not skip first-run.
_PEOPLE = select(func.count()).select_from(users).where(users.c.role != UserRole.SERVICE.value)


@dataclass(frozen=True)
class SessionPolicy:
    idle_ttl: timedelta
    absolute_ttl: timedelta
    # At most this many failed sign-ins per email within the window; then the
    # email is refused (before any password check) until the oldest ages out.
    max_failures: int = 5
    failure_window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: Session
    user: User


class IdentityHandlers:
    def __init__(self, db: Database, passwords: Passwords, policy: SessionPolicy) -> None:
        self._db = db
        self._passwords = passwords
        self._policy = policy

    async def needs_first_admin(self) -> bool:
        """True while no person exists (service accounts made by the CLI do not count)."""
        async with self._db.engine.connect() as connection:
            return not await connection.scalar(_PEOPLE)

    async def create_first_admin(self, email: str, password: str) -> User:
        """Create the first admin; refused once any user exists (race-safe)."""
        email = parse_email(email)
        password_hash = await self._passwords.hash(check_new_password(password))
        async with self._db.transaction() as tx:
            await tx.connection.execute(
                text("SELECT pg_advisory_xact_lock(:id)"), {"id": _FIRST_ADMIN_LOCK}
            )
            if await tx.connection.scalar(_PEOPLE):
                raise FailedPreconditionError(
                    "setup is complete: an admin already exists; sign in instead",
                    reason="SETUP_COMPLETE",
                )
            return await self._insert_user(tx, email, password_hash, UserRole.ADMIN, None)

    async def create_user(
        self, actor: Principal, email: str, password: str, role: UserRole
    ) -> User:
        """An admin creates a user; emails are unique case-insensitively."""
        async with self._db.transaction():
            require_admin(actor)
        email = parse_email(email)
        password_hash = await self._passwords.hash(check_new_password(password))
        async with self._db.transaction() as tx:
            return await self._insert_user(tx, email, password_hash, role, actor.user_id)

    async def _insert_user(
        self, tx: Tx, email: str, password_hash: str, role: UserRole, actor_id: str | None
    ) -> User:
        taken = await tx.connection.scalar(select(users.c.user_id).where(users.c.email == email))
        if taken is not None:
            raise AlreadyExistsError(f"email: {email} is already registered", reason="EMAIL_TAKEN")
        user = User(user_id=self._db.new_id(), email=email, role=role, created_at=tx.now)
        await tx.connection.execute(
            users.insert().values(
                user_id=user.user_id,
                email=email,
                role=role.value,
                password_hash=password_hash,
                created_at=tx.now,
            )
        )
        await tx.emit(
            "UserCreated",
            "user",
            user.user_id,
            audit_payload(actor_id or user.user_id, None, None, user, first_admin=actor_id is None),
        )
        return user

    async def list_users(self, actor: Principal, page: Page) -> tuple[list[User], str]:
        """Every user, for an admin."""
        async with self._db.transaction() as tx:
            require_admin(actor)
            return await fetch_page(tx.connection, users, USER, page)

    async def get_user(self, user_id: str) -> User:
        async with self._db.engine.connect() as connection:
            row = (
                (await connection.execute(select(users).where(users.c.user_id == user_id)))
                .mappings()
                .first()
            )
        if row is None:
            raise UnauthenticatedError("the user of this token no longer exists")
        return user_from_row(row)

    async def sign_in(self, email: str, password: str) -> SignedIn:
        """A new session for the right email and password; failures are logged and audited."""
        try:
            normalised = parse_email(email)
        except InvalidArgumentError:
            normalised = email.strip().lower()[:254]
        async with self._db.engine.connect() as connection:
            row = (
                (await connection.execute(select(users).where(users.c.email == normalised)))
                .mappings()
                .first()
            )
        await self._refuse_if_throttled(normalised)
        # A service account has no password (NULL): it fails like an unknown email.
        stored = None if row is None else row["password_hash"]
        if not password or not await self._passwords.verify(stored, password):
            await self._sign_in_failed(normalised, None if row is None else row["user_id"])
            raise UnauthenticatedError(SIGN_IN_FAILED, reason="SIGN_IN_FAILED")
        assert row is not None
        user = user_from_row(row)
        token, digest = bearer.mint(SESSION_PREFIX)
        async with self._db.transaction() as tx:
            await tx.connection.execute(
                delete(sign_in_failures).where(sign_in_failures.c.email == normalised)
            )
            session = new_session(
                self._db.new_id(),
                user.user_id,
                tx.now,
                self._policy.idle_ttl,
                self._policy.absolute_ttl,
            )
            await add(tx.connection, sessions, SESSION, session, token_hash=digest)
            if self._passwords.needs_rehash(stored or ""):
                new_hash = await self._passwords.hash(password)
                await tx.connection.execute(
                    update(users)
                    .where(users.c.user_id == user.user_id)
                    .values(password_hash=new_hash)
                )
            await tx.emit(
                "SignedIn",
                "session",
                session.session_id,
                audit_payload(user.user_id, None, None, None, session_id=session.session_id),
            )
        log.info("sign_in.succeeded", user_id=user.user_id, session_id=session.session_id)
        return SignedIn(token, session, user)

    async def verify_password(self, principal: Principal, password: str) -> bool:
        """Whether ``password`` is the caller's own (re-authentication before a sensitive
        step). Throttled and counted like sign-ins, so a stolen session cannot guess it."""
        async with self._db.engine.connect() as connection:
            row = (
                await connection.execute(
                    select(users.c.email, users.c.password_hash).where(
                        users.c.user_id == principal.user_id
                    )
                )
            ).first()
        if row is None:
            raise UnauthenticatedError(SIGN_IN_FAILED, reason="SIGN_IN_FAILED")
        await self._refuse_if_throttled(row.email)
        if not password or not await self._passwords.verify(row.password_hash, password):
            await self._sign_in_failed(row.email, principal.user_id, "PasswordCheckFailed")
            return False
        async with self._db.transaction() as tx:
            await tx.connection.execute(
                delete(sign_in_failures).where(sign_in_failures.c.email == row.email)
            )
            await tx.emit(
                "PasswordConfirmed",
                "user",
                principal.user_id,
                audit_payload(principal.user_id, None, None, None, token_id=principal.token_id),
            )
        return True

    async def _refuse_if_throttled(self, email: str) -> None:
        since = self._db.clock.now() - self._policy.failure_window
        async with self._db.engine.connect() as connection:
            recent = await connection.scalar(
                select(func.count()).where(
                    sign_in_failures.c.email == email, sign_in_failures.c.failed_at > since
                )
            )
        if (recent or 0) < self._policy.max_failures:
            return
        log.warning("sign_in.throttled", email=email, recent_failures=recent)
        async with self._db.transaction() as tx:
            await tx.emit(
                "SignInThrottled", "user", email, audit_payload(None, None, None, None, email=email)
            )
        minutes = int(self._policy.failure_window.total_seconds() // 60)
        raise ResourceExhaustedError(
            f"too many failed sign-ins for this email; try again in up to {minutes} minutes",
            reason="SIGN_IN_THROTTLED",
        )

    async def _sign_in_failed(
        self, email: str, user_id: str | None, event_type: str = "SignInFailed"
    ) -> None:
        # Never log or audit the password; the email shows which account is being tried.
        log.warning("sign_in.failed", email=email, known_user=user_id is not None)
        async with self._db.transaction() as tx:
            old = tx.now - self._policy.failure_window
            await tx.connection.execute(
                delete(sign_in_failures).where(
                    sign_in_failures.c.email == email, sign_in_failures.c.failed_at <= old
                )
            )
            await tx.connection.execute(
                insert(sign_in_failures).values(email=email, failed_at=tx.now)
            )
            await tx.emit(
                event_type,
                "user",
                user_id or email,
                audit_payload(user_id, None, None, None, email=email),
            )

    async def sign_out(self, principal: Principal) -> None:
        """Revoke the caller's session server-side (an API token is revoked by id instead)."""
        if principal.token_kind is not TokenKind.SESSION:
            raise FailedPreconditionError(
                "sign-out ends a session; revoke an API token with RevokeApiToken",
                reason="NOT_A_SESSION",
            )
        async with self._db.transaction() as tx:
            await tx.connection.execute(
                update(sessions)
                .where(sessions.c.session_id == principal.token_id, sessions.c.revoked_at.is_(None))
                .values(revoked_at=tx.now)
            )
            await tx.emit(
                "SignedOut",
                "session",
                principal.token_id,
                audit_payload(principal.user_id, None, None, None, session_id=principal.token_id),
            )
