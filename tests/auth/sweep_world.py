"""The sweep's world: an admin, users A and B, and A's portfolio with a sleeve and a listing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2 as r
from tradingassistant.registry.v1 import registry_pb2_grpc

from tests.auth.support import bearer

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    addresses: dict[str, str]
    a_session: str
    b_session: str
    a_api_token: str
    b_api_token: str
    portfolio_id: str
    # A second portfolio of A's, for calls as A that may change it.
    scratch_portfolio_id: str
    b_user_id: str
    database_url: str
    # A service account's API token, and a portfolio of A's it may change.
    service_token: str
    service_scratch_portfolio_id: str
    redis_url: str
    # Strings that appear only in A's data: none may reach B.
    secrets: list[str] = field(default_factory=list)


def _dec(value: str) -> types_pb2.Decimal:
    return types_pb2.Decimal(value=value)


async def _sign_in(stub: registry_pb2_grpc.RegistryServiceStub, email: str) -> str:
    reply = await stub.SignIn(r.SignInRequest(email=email, password=PASSWORD), timeout=10)
    return reply.session_token


async def build_world(
    stub: registry_pb2_grpc.RegistryServiceStub,
    addresses: dict[str, str],
    database_url: str,
    redis_url: str,
) -> World:
    """Create the first admin, A and B (signed in, each with an API token) and A's data."""
    await stub.CreateFirstAdmin(
        r.CreateFirstAdminRequest(email="admin@sweep.test", password=PASSWORD), timeout=10
    )
    admin = bearer(await _sign_in(stub, "admin@sweep.test"))
    users = {}
    for email in ("alice@sweep.test", "bob@sweep.test"):
        created = await stub.CreateUser(
            r.CreateUserRequest(email=email, password=PASSWORD, role=r.ROLE_USER),
            metadata=admin,
            timeout=10,
        )
        users[email] = created.user.user_id
    a_session = await _sign_in(stub, "alice@sweep.test")
    b_session = await _sign_in(stub, "bob@sweep.test")
    a = bearer(a_session)
    portfolio = (
        await stub.CreatePortfolio(
            r.CreatePortfolioRequest(
                request_id=str(uuid.uuid4()), name="Alice Secret Growth", base_currency="GBP"
            ),
            metadata=a,
            timeout=10,
        )
    ).portfolio
    sleeve = (
        await stub.CreateSleeve(
            r.CreateSleeveRequest(
                request_id=str(uuid.uuid4()),
                portfolio_id=portfolio.portfolio_id,
                name="Alice Hidden Equities",
                target_weight_pct=_dec("60"),
                drift_band_abs_pct=_dec("5"),
            ),
            metadata=a,
            timeout=10,
        )
    ).sleeve
    instrument = (
        await stub.CreateInstrument(
            r.CreateInstrumentRequest(
                request_id=str(uuid.uuid4()),
                isin="GB0002634946",
                name="BAE Systems",
                asset_class=r.ASSET_CLASS_EQUITY,
            ),
            metadata=a,
            timeout=10,
        )
    ).instrument
    listing = (
        await stub.CreateListing(
            r.CreateListingRequest(
                request_id=str(uuid.uuid4()),
                instrument_id=instrument.instrument_id,
                venue_mic="XLON",
                ticker="BA.",
                quote_currency="GBX",
                price_scale=_dec("0.01"),
                lot_size=_dec("1"),
                tick_size=_dec("0.01"),
                calendar="XLON",
            ),
            metadata=a,
            timeout=10,
        )
    ).listing
    await stub.AddConstituent(
        r.AddConstituentRequest(
            portfolio_id=portfolio.portfolio_id,
            listing_id=listing.listing_id,
            sleeve_id=sleeve.sleeve_id,
            monitored=True,
        ),
        metadata=a,
        timeout=10,
    )
    scratch = await stub.CreatePortfolio(
        r.CreatePortfolioRequest(request_id=str(uuid.uuid4()), name="Scratch", base_currency="GBP"),
        metadata=a,
        timeout=10,
    )
    service_scratch = await stub.CreatePortfolio(
        r.CreatePortfolioRequest(
            request_id=str(uuid.uuid4()), name="Service scratch", base_currency="GBP"
        ),
        metadata=a,
        timeout=10,
    )
    service = await stub.CreateServiceAccount(
        r.CreateServiceAccountRequest(name="sweep"), metadata=admin, timeout=10
    )
    a_api = await stub.CreateApiToken(r.CreateApiTokenRequest(name="cli"), metadata=a, timeout=10)
    b_api = await stub.CreateApiToken(
        r.CreateApiTokenRequest(name="cli"), metadata=bearer(b_session), timeout=10
    )
    return World(
        addresses=addresses,
        a_session=a_session,
        b_session=b_session,
        a_api_token=a_api.token,
        b_api_token=b_api.token,
        portfolio_id=portfolio.portfolio_id,
        scratch_portfolio_id=scratch.portfolio.portfolio_id,
        b_user_id=users["bob@sweep.test"],
        database_url=database_url,
        service_token=service.token,
        service_scratch_portfolio_id=service_scratch.portfolio.portfolio_id,
        redis_url=redis_url,
        secrets=[
            portfolio.portfolio_id,
            "Alice Secret Growth",
            sleeve.sleeve_id,
            "Alice Hidden Equities",
            "alice@sweep.test",
        ],
    )
