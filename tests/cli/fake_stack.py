"""A supervisor over fake children, for tests that signal or kill the supervisor process.

Usage: python fake_stack.py GRACE_S NAME=KIND [NAME=KIND ...]
"""

from __future__ import annotations

import asyncio
import sys

from taplatform.cli.supervisor import ProcessSpec, Supervisor

KINDS = {
    # Prints "ready" once its signal setup is done, then sleeps until stopped.
    "sleeper": "import time; print('ready', flush=True); time.sleep(600)",
    "stubborn": (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(600)"
    ),
    # Leaves a grandchild in its process group, which must not survive either.
    "parent": (
        "import subprocess, sys, time; "
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        "print('grandchild', p.pid, flush=True); time.sleep(600)"
    ),
}


def main() -> int:
    grace_s = float(sys.argv[1])
    specs = []
    for item in sys.argv[2:]:
        name, _, kind = item.partition("=")
        specs.append(ProcessSpec(name, [sys.executable, "-c", KINDS[kind]]))
    return asyncio.run(Supervisor(specs, grace_s=grace_s).run())


if __name__ == "__main__":
    sys.exit(main())
