"""Runs a command and prints its wall time and peak memory (max RSS of the process tree's
largest process, from wait4), best of --repeat runs."""
import os
import subprocess
import sys
import time

repeat = int(sys.argv[1])
label = sys.argv[2]
cmd = sys.argv[3:]
best = None
for _ in range(repeat):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{label}: exit code {code}")
    peak_mb = usage.ru_maxrss / 1024
    if best is None or wall < best[0]:
        best = (wall, peak_mb)
print(f"{label:<40} {best[0]:8.2f} s {best[1]:8.0f} MB")
