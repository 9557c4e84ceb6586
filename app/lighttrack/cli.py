"""The `lighttrack` command: the app, `serve`, quick actions, export/import, token and doctor."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .core.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS
from .core.tracking.idlechoices import IDS as IDLE_CHOICES
from .errors import LightTrackError

DEFAULT_PORT = 5610


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, got {port}")
    return port


def _common(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """--data-dir and --port, accepted before and after the command."""
    hide: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument("--data-dir", type=Path, help="data folder (default: $LIGHTTRACK_DATA_DIR or the platform's)", **hide)
    parser.add_argument("--port", type=_port,
                        help=f"API port (default: $LIGHTTRACK_PORT or {DEFAULT_PORT}; 0 = any free port)", **hide)
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level", **hide)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lighttrack", description="Privacy-first desktop time tracker.")
    parser.add_argument("--version", action="version", version=f"lighttrack {__version__}")
    _common(parser, defaults=True)
    common = argparse.ArgumentParser(add_help=False)
    _common(common, defaults=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", parents=[common], help="tracker + local API + dashboard in a browser (no tray)")
    serve.add_argument("--aw-testing", action="store_true",
                       help="ActivityWatch's testing mode on /api/0 (for its compatibility tests)")
    serve.add_argument("--aw-webui", type=Path, metavar="DIR", help="serve this aw-webui build at /aw/")
    start = commands.add_parser("start", parents=[common], help="start an activity (stops the running one)")
    start.add_argument("name")
    start.add_argument("--project", help="project name or id")
    start.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    for verb, text in (("stop", "stop the running activity"), ("pause", "pause the running activity"),
                       ("resume", "resume the paused activity")):
        commands.add_parser(verb, parents=[common], help=text)
    status = commands.add_parser("status", parents=[common], help="what is being tracked, and today's total")
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = commands.add_parser("export", parents=[common], help="export activities without the GUI")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--from", dest="date_from", help="first day (YYYY-MM-DD)")
    export.add_argument("--to", dest="date_to", help="last day (YYYY-MM-DD)")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: the exports folder)")
    imp = commands.add_parser("import", parents=[common], help="import activities (idempotent)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=IMPORT_FORMATS)
    idle = commands.add_parser("idle", parents=[common], help="the time away waiting for a choice; CHOICE answers it")
    idle.add_argument("choice", nargs="?", choices=IDLE_CHOICES, help="what to do with the time away")
    opener = commands.add_parser("open", parents=[common], help="open the running instance's dashboard in the browser")
    opener.add_argument("--print", dest="print_only", action="store_true",
                        help="print a one-time login address instead of opening the browser")
    commands.add_parser("token", parents=[common], help="print the local API token")
    commands.add_parser("doctor", parents=[common], help="check every component")
    _sync_parser(commands, common)
    return parser


def _sync_parser(commands, common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser("sync", parents=[common], help="multi-device sync through PostgreSQL")
    verbs = sync.add_subparsers(dest="sync_command", metavar="SYNC_COMMAND", required=True)
    init = verbs.add_parser("server-init", parents=[common], help="install or migrate the schema on a PostgreSQL server")
    init.add_argument("--dsn", required=True, help="libpq connection string of an administrator")
    setup = verbs.add_parser("setup", parents=[common], help="create the vault or join it from this device")
    setup.add_argument("--dsn", required=True, help="libpq connection string of your sync login")
    setup.add_argument("--passphrase-file", type=Path, help="file holding the sync passphrase")
    setup.add_argument("--pairing-code", help="join with the one-time code of `lighttrack sync pair` instead")
    setup.add_argument("--recovery-key", help="join with the key of your recovery kit (a lost passphrase)")
    verbs.add_parser("recovery-kit", parents=[common], help="print the recovery key to keep offline")
    verbs.add_parser("pair", parents=[common], help="show a one-time code for a new device to join with")
    verbs.add_parser("devices", parents=[common], help="list the devices of the sync vault")
    rename = verbs.add_parser("rename-device", parents=[common], help="rename this device (as the others show it)")
    rename.add_argument("name", metavar="NAME", help='for example "Work laptop"')
    remove = verbs.add_parser("remove-device", parents=[common],
                              help="remove a device from the sync vault and change the vault key")
    remove.add_argument("device_id", metavar="DEVICE_ID", help="as `lighttrack sync devices` lists it")
    remove.add_argument("--passphrase-file", type=Path, help="file holding the sync passphrase")
    unlock = verbs.add_parser("unlock", parents=[common],
                              help="go on syncing after another device changed the vault key")
    unlock.add_argument("--passphrase-file", type=Path, help="file holding the sync passphrase")
    now = verbs.add_parser("now", parents=[common], help="sync at once")
    now.add_argument("--allow-mass-delete", action="store_true",
                     help="apply changes from other devices even when they delete many records")
    status = verbs.add_parser("status", parents=[common], help="last sync, pending changes, errors")
    status.add_argument("--json", action="store_true", help="print JSON for scripts")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _apply_defaults(args)
    from .logs import setup
    from .resources import log_dir
    args.log_file = setup(log_dir(args.data_dir, args.data_dir_chosen), args.verbose)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except LightTrackError as exc:
        print(f"lighttrack: {exc}", file=sys.stderr)
        return 1
    except Exception:
        logging.getLogger(__name__).exception("lighttrack %s failed", args.command or "app")
        print(f"lighttrack: internal error; the details are in {args.log_file}", file=sys.stderr)
        return 1


def _apply_defaults(args: argparse.Namespace) -> None:
    from .resources import default_data_dir
    args.data_dir_chosen = bool(args.data_dir or os.environ.get("LIGHTTRACK_DATA_DIR"))
    args.data_dir = (args.data_dir or default_data_dir()).expanduser().absolute()
    if args.port is None:
        env = os.environ.get("LIGHTTRACK_PORT")
        try:
            args.port = _port(env) if env else DEFAULT_PORT
        except argparse.ArgumentTypeError as exc:
            raise SystemExit(f"lighttrack: LIGHTTRACK_PORT: {exc}") from None


def _run(args: argparse.Namespace) -> int:
    from . import commands
    if args.command in (None, "serve"):
        return commands.app(args) if args.command is None else commands.serve(args)
    renamed = {"import": "import_file", "open": "open_dashboard"}
    return getattr(commands, renamed.get(args.command, args.command))(args)
