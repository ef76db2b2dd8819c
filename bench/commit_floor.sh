#!/usr/bin/env bash
# What one durable 1-row commit costs on this machine, without liteserve: the figures behind
# W4's upper bound in README.md ("Why the missed targets are missed"). Prints, on a scratch
# copy of out/write.db:
#   - limit_sqlite's w1 floor, three runs (commits/s and p50);
#   - the sqlite3 shell running ROUNDS single-row BEGIN IMMEDIATE/INSERT/COMMIT transactions
#     (WAL, synchronous=FULL): wall time and process CPU per commit;
#   - a 12 KiB pwrite + fdatasync over an already written file, p50 of ROUNDS.
# Needs out/write.db (gen_bench_db.py --only write) and out/limit_sqlite (run.sh builds it).
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-3000}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for run in 1 2 3; do
    cp out/write.db "$scratch/floor.db"
    rm -f "$scratch/floor.db-wal" "$scratch/floor.db-shm"
    out/limit_sqlite out/bench.db --write-db "$scratch/floor.db" --seconds 3 --only w1 2>&1 >/dev/null | grep "^ *w1 "
done

cp out/write.db "$scratch/cli.db"
{
    echo "pragma journal_mode=wal; pragma synchronous=full;"
    for ((i = 0; i < ROUNDS; i++)); do
        echo "begin immediate; insert into events(ts,user_id,kind,amount,payload,tags)" \
             "values('2024-06-01T12:00:00',42,'k3',12.5,'benchmark','[]'); commit;"
    done
} > "$scratch/commits.sql"
/usr/bin/time -f "%e %U %S" -o "$scratch/time" sqlite3 "$scratch/cli.db" < "$scratch/commits.sql" > /dev/null
read -r wall user sys < "$scratch/time"
python3 - "$ROUNDS" "$wall" "$user" "$sys" <<'EOF'
import sys
n, wall, user, sys_ = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"sqlite3: {n} commits, {wall / n * 1e6:.0f} us wall, {(user + sys_) / n * 1e6:.0f} us CPU"
      f" ({user / n * 1e6:.0f} user + {sys_ / n * 1e6:.0f} system) per commit")
EOF

python3 - "$scratch/sync.bin" "$ROUNDS" <<'EOF'
import os, sys, time
path, rounds = sys.argv[1], int(sys.argv[2])
fd = os.open(path, os.O_RDWR | os.O_CREAT)
size = 4 << 20
os.pwrite(fd, b"\0" * size, 0)
os.fdatasync(fd)
block = b"x" * 12288
took, offset = [], 0
for _ in range(rounds):
    start = time.perf_counter()
    os.pwrite(fd, block, offset)
    os.fdatasync(fd)
    took.append((time.perf_counter() - start) * 1e6)
    offset = (offset + len(block)) % (size - len(block))
took.sort()
print(f"pwrite 12 KiB + fdatasync over written blocks: p50 {took[len(took) // 2]:.0f} us,"
      f" p90 {took[len(took) * 9 // 10]:.0f} us ({rounds} rounds)")
EOF
