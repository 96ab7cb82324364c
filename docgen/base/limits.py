"""External programs (LibreOffice, Tesseract, pdftoppm, a child docgen) run with limits.

Why: one bad file must never take the machine or block other work. A zip bomb renamed
.doc kept LibreOffice at 1 GB for minutes; a small PDF that inflates to 150 MB took the
server to 2 GB. So every heavy child runs

- in a session of its own, so that on a timeout the whole group (soffice.bin under its
  launcher, tesseract's helpers) is killed, not just the first process;
- with a cap on its address space and on its CPU seconds (setrlimit);
- with a wall-clock timeout;
- and dies with its parent (Linux PR_SET_PDEATHSIG), so that killing docgen leaves no OCR or
  LibreOffice behind.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    seconds: float = 120.0  # wall clock
    memory: int = 2048 * MB  # address space
    cpu_seconds: int | None = None  # CPU time; defaults to twice the wall clock


class LimitExceeded(Exception):
    """A child stopped for going past a limit; str() says which, in one line."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # "time" or "memory"


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the timeout still holds


def _preexec(limits: Limits):
    cpu = limits.cpu_seconds or int(limits.seconds * 2) + 1

    def apply() -> None:
        _die_with_parent()
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    return apply


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def run_limited(command: list[str], limits: Limits = Limits(), env: dict | None = None,
                input_bytes: bytes | None = None) -> subprocess.CompletedProcess:
    """Run a command within the limits; its whole process group is killed on a timeout.
    Raises LimitExceeded for time; a child that ran out of memory exits with an error
    (MemoryError, a failed allocation, or SIGKILL/SIGSEGV), which the caller reports."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True, preexec_fn=_preexec(limits))
    try:
        out, err = process.communicate(input_bytes, timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise LimitExceeded("time", f"stopped after {limits.seconds:.0f} s") from None
    except BaseException:
        kill_group(process)
        raise
    # a launcher (soffice) may leave its workers behind in the group: end them too
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def ran_out_of_memory(result: subprocess.CompletedProcess) -> bool:
    """The signs a child left when its address space was capped."""
    err = result.stderr.decode("utf-8", "replace") if isinstance(result.stderr, bytes) else (result.stderr or "")
    return result.returncode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT) or "MemoryError" in err \
        or "std::bad_alloc" in err or "Cannot allocate memory" in err or "failed to map segment" in err
