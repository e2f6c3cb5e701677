#!/usr/bin/env python3
"""Benchmark driver for scripts/bench.sh: runs each command several times after
a warm-up and reports the median wall time, the median CPU time (user + sys)
and the median peak RSS of the process, read with os.wait4 per run (the RSS
from a second run under GNU time when it is installed).

Usage: bench.py RUNS WARMUP SPEC_JSON   (SPEC_JSON: [{"name", "argv", "env"}])
Prints a JSON list of results on stdout.
"""
import json
import os
import statistics
import subprocess
import sys
import time


GNU_TIME = "/usr/bin/time"
RSS_FILE = "/tmp/hf-token-check-bench-rss.%d" % os.getpid()


def once(argv, env, rss=False):
    # The peak RSS that wait4 reports for a child of this process includes the
    # pages of the forked Python before exec; GNU time (a small C program) forks
    # the command itself, so its %M is the command's own peak. Its own fork and
    # exec (about a millisecond) would count in the wall and CPU time, though,
    # so time and memory are measured in separate runs.
    use_time = rss and os.access(GNU_TIME, os.X_OK)
    full = [GNU_TIME, "-f", "%M", "-o", RSS_FILE, *argv] if use_time else argv
    start = time.perf_counter()
    proc = subprocess.Popen(full, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if use_time:
        with open(RSS_FILE) as f:
            maxrss = int(f.read().strip().splitlines()[-1])
    return wall, usage.ru_utime + usage.ru_stime, maxrss, code, err


def main():
    runs, warmup, spec = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    results = []
    for item in spec:
        # A clean environment: the machine's SSL_CERT_FILE, proxies or HF_* must
        # not change what is measured.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
               "LANG": "C.UTF-8"}
        env.update(item.get("env", {}))
        for _ in range(warmup):
            once(item["argv"], env)
        walls, cpus, rss = [], [], []
        for _ in range(runs):
            wall, cpu, _, code, err = once(item["argv"], env)
            _, _, maxrss, code2, err2 = once(item["argv"], env, rss=True)
            if code != 0 or code2 != 0:
                sys.exit("%s exited %d:\n%s" % (item["name"], code or code2, err or err2))
            walls.append(wall)
            cpus.append(cpu)
            rss.append(maxrss)
        results.append({
            "name": item["name"],
            "wall_ms": statistics.median(walls) * 1000,
            "cpu_ms": statistics.median(cpus) * 1000,
            "rss_mb": statistics.median(rss) / 1024,
        })
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
