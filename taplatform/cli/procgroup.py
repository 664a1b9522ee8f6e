"""Process-group signalling and a Linux parent-death signal, so children never outlive us."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys


def die_with_parent_prefix() -> list[str]:
    """An argv prefix that has the kernel SIGKILL the child when its parent dies.

    util-linux ``setpriv --pdeathsig`` sets PR_SET_PDEATHSIG and then execs the
    command (the setting survives exec). Doing it in the child ourselves would
    need ``preexec_fn``, which can deadlock a fork taken while another thread
    (asyncio's child watcher) holds a lock. Empty where setpriv is missing
    (e.g. macOS): children then rely on process-group signalling only.
    """
    setpriv = shutil.which("setpriv")
    if setpriv is None or not sys.platform.startswith("linux"):
        return []
    return [setpriv, "--pdeathsig", "KILL", "--"]


def signal_group(pgid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to process group ``pgid``; a group that is already gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
