"""Cold person reads on a SQLite register, with SQLite's file mapping (mmap, as DanCu's readers use it)
and without: before each pass the kernel's page cache is dropped (needs root), then N random people are
read by personal number, their registration event joined, as the register's read does. Prints p50, p90
and p99 of each pass. Shows what a page fault on the mapping costs when the disk's readahead is large
(`/sys/block/*/queue/read_ahead_kb`: a fault on a mapped file reads that much around it).

    cold_reads.py DANCU_SQLITE_FILE [N]"""
import random
import sqlite3
import subprocess
import sys
import time

DB = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as c:
    NUMBERS = [row[0] for row in c.execute("SELECT personal_number FROM persons WHERE rowid % 50 = 0")]


def run(mmap, seed):
    subprocess.run("sync; echo 3 > /proc/sys/vm/drop_caches", shell=True, check=True)
    c = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    c.execute(f"PRAGMA mmap_size = {mmap}")
    c.execute("PRAGMA cache_size = -8192")
    rng, times = random.Random(seed), []
    for _ in range(N):
        number = rng.choice(NUMBERS)
        began = time.perf_counter()
        c.execute("SELECT p.record, r.payload FROM persons p LEFT JOIN life_events r ON r.personal_number = p.personal_number AND r.seq = 1"
                  " WHERE p.personal_number = ?", (number,)).fetchall()
        times.append((time.perf_counter() - began) * 1000)
    c.close()
    times.sort()
    print(f"mmap_size {mmap:>10}: p50 {times[N // 2]:.2f} ms, p90 {times[int(N * 0.9)]:.2f} ms, p99 {times[int(N * 0.99)]:.2f} ms, "
          f"all {sum(times) / 1000:.1f} s", flush=True)


readahead = {path.split("/")[3]: open(path).read().strip() for path in __import__("glob").glob("/sys/block/*/queue/read_ahead_kb")
             if not path.split("/")[3].startswith(("loop", "zram"))}
print(f"{N} cold reads a pass, {len(NUMBERS)} people to draw from; readahead KiB: {readahead}")
for seed in (1, 2):
    run(2147418112, seed)
    run(0, seed + 10)
