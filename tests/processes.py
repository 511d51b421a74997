"""`libnet` commands run in a process of their own, as an administrator runs them.

Several commands share one process: each new process would start Django again (a second or
two a process, many processes a run).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence

# Runs the `libnet` commands given as a JSON list of argument lists, each to its end (a
# command's exit status ends only that command); exits with the highest status.
_COMMANDS = (
    "import json, sys\n"
    "from libnet.cli import main\n"
    "status = 0\n"
    "for args in json.loads(sys.argv[1]):\n"
    "    try:\n"
    "        main(['libnet', *args])\n"
    "    except SystemExit as end:\n"
    "        status = max(status, end.code if isinstance(end.code, int) else 1)\n"
    "    sys.stdout.flush()\n"
    "sys.exit(status)\n"
)


def libnet_commands(
    env: Mapping[str, str], *commands: Sequence[str], timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """Run the `libnet` `commands` one after the other in one process with environment `env`."""
    return subprocess.run(
        [sys.executable, "-c", _COMMANDS, json.dumps([list(command) for command in commands])],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
