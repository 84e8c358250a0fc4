"""Running a command without root's power to ignore file permissions.

As root, ``chmod 000`` does not stop reads and a read-only folder does not stop writes: root
has the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. When the tests run as root, the
command under test runs with both dropped from its capability bounding set, so that file
permissions apply to it exactly as to an ordinary user. Without the right to drop them the
test is skipped, saying why.
"""
from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _drop_works(folder) -> bool:
    probe = os.path.join(folder, ".permission-probe")
    with open(probe, "w") as fh:
        fh.write("x")
    os.chmod(probe, 0)
    try:
        result = subprocess.run([sys.executable, "-c", f"open({probe!r}).read()"],
                                preexec_fn=_drop_override, capture_output=True, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        os.remove(probe)
    return result.returncode != 0


def without_override(folder) -> dict:
    """``subprocess`` options under which permissions apply (nothing to do when not root)."""
    if os.geteuid() != 0:
        return {}
    if sys.platform != "linux" or not _drop_works(folder):
        pytest.skip("running as root, and root's override of file permissions cannot be dropped "
                    "here (no CAP_SETPCAP or not Linux), so a permission test would prove nothing")
    return {"preexec_fn": _drop_override}
