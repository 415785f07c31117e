"""What the abuse scripts share: failing with one line, and a process's resident memory."""
import sys


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def rss(pid, name):
    """VmRSS of process `pid` in bytes; fails naming `name` when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    fail(f"{name} is gone")
