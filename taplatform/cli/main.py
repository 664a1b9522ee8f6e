"""Entry point of ``tradingassistant``; heavy modules are imported inside each command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from taplatform.catalog import SERVICES

SERVE_NAMES = [*(s.name for s in SERVICES), "edge"]


def _serve(args: argparse.Namespace) -> object:
    from taplatform.config import EdgeSettings, ServiceSettings, load_settings

    # Settings are checked here first so a bad value fails in one line before any import.
    if args.name == "edge":
        load_settings(EdgeSettings)
        from edge.server import run

        run()
        return 0
    load_settings(ServiceSettings)
    from taplatform.runner import run_service

    run_service(args.name)
    return 0


def _migrate(args: argparse.Namespace) -> object:
    from taplatform.config import MigrateSettings, load_settings

    load_settings(MigrateSettings)
    from taplatform.migrations import run_migrate

    run_migrate()
    return 0


def _worker(args: argparse.Namespace) -> object:
    from taplatform.config import WorkerSettings, load_settings

    load_settings(WorkerSettings)
    from taplatform.worker import run_worker

    run_worker()
    return 0


def _probe(args: argparse.Namespace) -> int:
    from taplatform.cli.status import probe

    return probe(args.address, args.service, args.timeout_s, sys.stdout)


def _status(args: argparse.Namespace) -> int:
    from taplatform.cli.status import status
    from taplatform.config import EdgeSettings, ServiceAddresses, load_settings

    addresses = load_settings(ServiceAddresses)
    edge = load_settings(EdgeSettings)
    return status(addresses, edge, args.timeout_s, sys.stdout)


def _up(args: argparse.Namespace) -> int:
    from taplatform.cli.stack import run_up

    return run_up(Path(args.var_dir), args.grace_s)


def _seed_demo(args: argparse.Namespace) -> int:
    from taplatform.cli.demo_data import DEMO_PRICES_DIR
    from taplatform.cli.seed_demo import run_seed_demo

    prices_dir = Path(args.prices_dir) if args.prices_dir else DEMO_PRICES_DIR
    return run_seed_demo(Path(args.credentials), prices_dir, sys.stdout)


def _ledger_verify(args: argparse.Namespace) -> int:
    from services.ledger.verify import main as verify

    return verify([args.portfolio_id])


def _service_account(args: argparse.Namespace) -> int:
    import asyncio

    from taplatform.cli.service_account import (
        ServiceAccountSettings,
        create_account,
        issue_token,
    )
    from taplatform.config import load_settings

    settings = load_settings(ServiceAccountSettings)
    if args.account_command == "create":
        return asyncio.run(create_account(settings, args.name, sys.stdout, sys.stderr))
    return asyncio.run(issue_token(settings, args.name, args.revoke_others, sys.stdout, sys.stderr))


def _backup(args: argparse.Namespace) -> int:
    from taplatform.cli.backup import run_backup
    from taplatform.config import MigrateSettings, load_settings
    from taplatform.logging import configure_logging

    settings = load_settings(MigrateSettings)
    configure_logging("backup", settings.log_level, settings.log_format)
    return run_backup(settings.database_url, Path(args.out), sys.stdout)


def _restore(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from taplatform.cli.restore import run_restore
    from taplatform.config import MigrateSettings, describe_error
    from taplatform.logging import configure_logging

    # The target is named on the command line on purpose: never TA_DATABASE_URL by default.
    try:
        settings = MigrateSettings(database_url=args.database_url)
    except ValidationError as error:
        line = describe_error(error).replace("TA_DATABASE_URL", "--database-url")
        print(line, file=sys.stderr)
        return 2
    configure_logging("restore", settings.log_level, settings.log_format)
    return run_restore(Path(args.source), settings.database_url, sys.stdout)


def _retention(args: argparse.Namespace) -> int:
    from taplatform.cli.retention import run_retention_command
    from taplatform.config import WorkerSettings, load_settings
    from taplatform.logging import configure_logging

    settings = load_settings(WorkerSettings)
    configure_logging("retention", settings.log_level, settings.log_format)
    return run_retention_command(settings, args.dry_run, args.json, sys.stdout)


def _add_data_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser("backup", help="pg_dump every service schema + a manifest")
    backup.add_argument("--out", required=True, help="new folder for the dump and manifest.json")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore", help="restore a backup into an empty database and verify the ledger"
    )
    restore.add_argument("--from", dest="source", required=True, help="the backup folder")
    restore.add_argument("--database-url", required=True, help="the empty target database")
    restore.set_defaults(handler=_restore)

    retention = commands.add_parser("retention", help="retention of old rows").add_subparsers(
        dest="retention_command", required=True, metavar="RETENTION_COMMAND"
    )
    run = retention.add_parser("run", help="apply every retention rule once and report")
    run.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    run.add_argument("--json", action="store_true", help="print {service: {rule: removed}}")
    run.set_defaults(handler=_retention)


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradingassistant", description="Trading Assistant: run and inspect its processes."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run one gRPC service or the HTTP edge")
    serve.add_argument("name", choices=SERVE_NAMES)
    serve.set_defaults(handler=_serve)

    commands.add_parser("migrate", help="migrate every service schema").set_defaults(
        handler=_migrate
    )
    commands.add_parser("worker", help="run the arq worker and cron jobs").set_defaults(
        handler=_worker
    )

    probe = commands.add_parser("probe", help="gRPC health check; exit 0 only if SERVING")
    probe.add_argument("address", metavar="HOST:PORT")
    probe.add_argument(
        "--service", default="", help="service to check (ledger or a full name); default: server"
    )
    probe.add_argument("--timeout-s", type=_positive, default=2.0)
    probe.set_defaults(handler=_probe)

    status = commands.add_parser("status", help="health of every process; exit 0 if all SERVING")
    status.add_argument("--timeout-s", type=_positive, default=2.0)
    status.set_defaults(handler=_status)

    ledger = commands.add_parser("ledger", help="ledger tools").add_subparsers(
        dest="ledger_command", required=True, metavar="LEDGER_COMMAND"
    )
    verify = ledger.add_parser("verify", help="replay a portfolio; exit 1 if snapshots differ")
    verify.add_argument("portfolio_id")
    verify.set_defaults(handler=_ledger_verify)

    accounts = commands.add_parser(
        "service-account",
        help="service accounts for background work (prints the token; uses TA_DATABASE_URL)",
    ).add_subparsers(dest="account_command", required=True, metavar="ACCOUNT_COMMAND")
    create = accounts.add_parser("create", help="create a service account and print its token")
    create.add_argument("--name", required=True, help="e.g. worker")
    create.set_defaults(handler=_service_account)
    token = accounts.add_parser("token", help="print a new token of a service account (rotate)")
    token.add_argument("--name", required=True)
    token.add_argument(
        "--revoke-others", action="store_true", help="revoke every other token of the account"
    )
    token.set_defaults(handler=_service_account)

    seed = commands.add_parser(
        "seed-demo", help="seed the demo portfolio (sample data) into a running stack, once"
    )
    seed.add_argument(
        "--credentials",
        default="var/demo-credentials.txt",
        help="demo credentials file, written mode 0600 (default: %(default)s)",
    )
    seed.add_argument(
        "--prices-dir", default=None, help="sample price files (default: <repository>/demo/prices)"
    )
    seed.set_defaults(handler=_seed_demo)

    up = commands.add_parser(
        "up", help="migrate, run every process with prefixed output, seed the demo if fresh"
    )
    up.add_argument("--var-dir", default="var", help="embedded servers' data (default: ./var)")
    up.add_argument("--grace-s", type=_positive, default=15.0, help="SIGTERM to SIGKILL delay")
    up.set_defaults(handler=_up)
    _add_data_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = args.handler(args)
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
