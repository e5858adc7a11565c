#!/usr/bin/env python3
"""Runs a command and writes its wall time and the CPU time of its whole process tree.

    cpu-time.py RESULT_FILE COMMAND [ARG...]

The benchmark harness (ProcessRunner) starts every child through this wrapper. It becomes a
child subreaper, so a grandchild that its parent does not wait for (the official client's
server pwsh, which outlives its Dispose by a moment) is reparented here and its CPU time is
counted too; bash's `times` would lose it. After the command exits, remaining descendants get
5 s to end on their own (a pwsh -s ends when its stdin closes), then are killed.
RESULT_FILE receives one line: "<wall seconds of the command> <user+system seconds of the tree>".
The command's exit code is passed on; stdin, stdout and stderr are the command's.
"""
import ctypes
import os
import resource
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main():
    result_file, command = sys.argv[1], sys.argv[2:]
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    start = time.monotonic()
    child = subprocess.Popen(command)
    code = child.wait()
    wall = time.monotonic() - start
    deadline = time.monotonic() + 5
    while True:  # reap the orphans that were reparented to us
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                for entry in os.listdir("/proc"):
                    if entry.isdigit() and _parent(entry) == os.getpid():
                        os.kill(int(entry), signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.01)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_file, "w") as out:
        out.write(f"{wall:.6f} {usage.ru_utime + usage.ru_stime:.3f}\n")
    sys.exit(code if code >= 0 else 128 - code)


def _parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


if __name__ == "__main__":
    main()
