#!/usr/bin/env python3
"""Benchmark driver for scripts/bench.sh: runs every command of the spec in
turn, round after round (interleaved, so that a change in the machine's load
weighs on all of them alike), after a few warm-up rounds, and reports per
command the median wall time, the median CPU time (user + sys), the median peak
RSS (from separate runs under GNU time when it is installed), every round's
wall time (for paired ratios: the median of each round's quotient) and the
load average before and after.

Usage: bench.py RUNS WARMUP SPEC   (SPEC: [{"name", "argv", "env", "code"}] as
JSON, or @FILE holding it: one argument is capped at 128 KB, and 10,000 repos
make a longer argv; "code" is the exit status expected, 0 unless said)
Prints a JSON list of results on stdout.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
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
    # stderr goes to a file, never a pipe read after the exit: the report of
    # 10,000 repos is larger than a pipe holds, and the child would block.
    with tempfile.TemporaryFile() as errf:
        start = time.perf_counter()
        proc = subprocess.Popen(full, env=env, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode(errors="replace")[-4000:]
    code = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if use_time:
        with open(RSS_FILE) as f:
            maxrss = int(f.read().strip().splitlines()[-1])
    return wall, usage.ru_utime + usage.ru_stime, maxrss, code, err


def main():
    runs, warmup, spec = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if spec.startswith("@"):
        with open(spec[1:]) as f:
            spec = f.read()
    spec = json.loads(spec)
    # A clean environment: the machine's SSL_CERT_FILE, proxies or HF_* must
    # not change what is measured.
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8"}
    envs = [dict(base, **item.get("env", {})) for item in spec]
    walls = [[] for _ in spec]
    cpus = [[] for _ in spec]
    rss = [[] for _ in spec]
    load_before = os.getloadavg()[0]
    for r in range(warmup + runs):
        for i, item in enumerate(spec):
            wall, cpu, _, code, err = once(item["argv"], envs[i])
            if code != item.get("code", 0):
                sys.exit("%s exited %d:\n%s" % (item["name"], code, err))
            if r < warmup:
                continue
            _, _, maxrss, code, err = once(item["argv"], envs[i], rss=True)
            if code != item.get("code", 0):
                sys.exit("%s exited %d:\n%s" % (item["name"], code, err))
            walls[i].append(wall * 1000)
            cpus[i].append(cpu * 1000)
            rss[i].append(maxrss)
    load_after = os.getloadavg()[0]
    results = []
    for i, item in enumerate(spec):
        results.append({
            "name": item["name"],
            "wall_ms": statistics.median(walls[i]),
            "cpu_ms": statistics.median(cpus[i]),
            "rss_mb": statistics.median(rss[i]) / 1024,
            "walls": walls[i],
            "load": [load_before, load_after],
        })
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
