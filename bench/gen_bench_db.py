#!/usr/bin/env python3
"""Generate liteserve's benchmark databases: bench.db (read scenarios) and write.db.

Schema and distributions follow ../shared/bench/README.md (the measuring sticks
expect exactly this shape):

  bench.db  users 10,000 rows; events N rows (default 1,000,000) with
            idx_events_user_id, idx_events_kind and the FTS5 external-content
            table events_fts over events.payload; rollback journal (DELETE).
  write.db  the same users/events tables and indexes, no FTS, 20,000 events,
            WAL mode.  Benchmarks copy it fresh for every write run.

Deterministic: a fixed seed gives byte-for-byte the same rows.  Fast: rows are
produced by a generator straight into executemany inside one transaction with
journal_mode=OFF and synchronous=OFF; indexes and the FTS index are built after
the bulk insert.  Python 3 stdlib only.

    python3 bench/gen_bench_db.py --out bench/out [--events 1000000] [--seed 20240601]
"""
import argparse
import os
import sqlite3
import sys
import time
from datetime import date, timedelta
from random import Random

USERS = 10_000
WRITE_EVENTS = 20_000
DEFAULT_SEED = 20240601

# Rows the scenarios point at (see ../shared/bench/README.md, R1/R4/W4).
PK_ROW = 12345                    # R1, W4: GET /bench/events/12345.json
KEYSET_USER, KEYSET_ID = 9010, 278699   # R4: _sort=user_id&_next=9010,278699

SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
CREATE TABLE events (id INTEGER PRIMARY KEY, ts TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id), kind TEXT NOT NULL, amount REAL, payload TEXT, tags TEXT);
"""
INDEXES = """
CREATE INDEX idx_events_user_id ON events(user_id);
CREATE INDEX idx_events_kind ON events(kind);
"""
FTS = """
CREATE VIRTUAL TABLE "events_fts" USING FTS5 ("payload", content="events", content_rowid="id");
INSERT INTO events_fts(events_fts) VALUES('rebuild');
"""

# Payload vocabulary: plain lowercase words; none of them is, or tokenizes to, "zephyr",
# so MATCH 'zephyr' hits exactly the rows that were given the word on purpose.
WORDS = """
alpha amber anchor apple arrow autumn badge banner basket beacon berry blossom bridge
bright bronze butter cabin candle canyon carbon castle cedar chalk cherry cinder circle
citrus clover cobalt comet copper coral cotton crane crystal dawn delta desert drift
eagle echo ember falcon feather fern field flint forest fossil frost galaxy garden
garnet glacier granite harbor hazel helium heron hollow honey horizon indigo iris
island ivory jade jasmine jungle juniper kernel kettle lagoon lantern larch lemon
linen lotus lunar magnet maple marble meadow mercury meteor mint mirror mosaic motor
nectar needle nickel noble north nutmeg oasis ocean olive onyx orbit orchid otter
oxide paddle palace pebble pepper pillar pine planet plaza plume polar prairie prism
quartz quill radar rapid raven reef ribbon ridge river rocket ruby saddle saffron
salmon sand sapphire signal silver slate solar spark spruce stone summit sunset
tango thistle thunder tide timber topaz torch tundra valley velvet violet vivid
walnut willow winter wolf yarrow zenith zinc
""".split()
assert "zephyr" not in WORDS
PAYLOAD_WORDS = 15          # ~100 bytes (mean ~97) with the vocabulary above
ZEPHYR_RATE = 0.01

TAGS = ["red", "blue", "green", "new", "hot", "sale", "beta", "vip"]
COUNTRIES = ["US", "DE", "FR", "GB", "JP", "BR", "IN", "CA", "ES", "IT", "NL", "SE", "PL", "AU"]
FIRST = ["Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gia", "Hugo", "Ivy", "Jon", "Kai", "Lea",
         "Max", "Nia", "Oli", "Pia", "Quin", "Rae", "Sam", "Tess", "Uma", "Vic", "Wes", "Yara"]
LAST = ["Smith", "Okafor", "Muller", "Dubois", "Tanaka", "Silva", "Patel", "Novak", "Garcia",
        "Rossi", "de Vries", "Berg", "Kowalski", "Brown", "Kim", "Haddad", "Nguyen", "Ivanova"]

# ts: uniform over 2020-01-01T00:00:00 .. 2023-12-31T23:59:59, independent of id.
DAYS = [(date(2020, 1, 1) + timedelta(days=d)).isoformat() for d in range(1461)]
HMS = None  # built lazily: 86,400 "THH:MM:SS" strings (cheaper than formatting per row)


def tag_arrays():
    """JSON arrays of 0-3 distinct tags, grouped by length, in json.dumps' default format."""
    by_len = [["[]"], [], [], []]
    for a in TAGS:
        by_len[1].append('["%s"]' % a)
        for b in TAGS:
            if b == a:
                continue
            by_len[2].append('["%s", "%s"]' % (a, b))
            for c in TAGS:
                if c not in (a, b):
                    by_len[3].append('["%s", "%s", "%s"]' % (a, b, c))
    return by_len


def gen_users(rng):
    rnd = rng.random
    for uid in range(1, USERS + 1):
        name = "%s %s" % (FIRST[int(rnd() * len(FIRST))], LAST[int(rnd() * len(LAST))])
        country = None if rnd() < 0.05 else COUNTRIES[int(rnd() * len(COUNTRIES))]
        yield (uid, name, country)


def gen_events(rng, n, force=()):
    """Yield (id, ts, user_id, kind, amount, payload, tags) for ids 1..n.

    `force` maps id -> user_id for rows a scenario needs at a known place; the random
    draws are still made so every other row is unaffected.
    """
    global HMS
    if HMS is None:
        HMS = ["T%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) for s in range(86400)]
    forced = dict(force)
    rnd, choices = rng.random, rng.choices
    days, hms, words = DAYS, HMS, WORDS
    kinds = ["k%d" % k for k in range(10)]
    tags_by_len = tag_arrays()
    ndays = len(days)
    for i in range(1, n + 1):
        t = int(rnd() * ndays * 86400)
        ts = days[t // 86400] + hms[t % 86400]
        uid = int(rnd() * USERS) + 1
        if i in forced:
            uid = forced[i]
        kind = kinds[int(rnd() * 10)]
        amount = int(rnd() * 10001) / 100          # 0.00 .. 100.00
        w = choices(words, k=PAYLOAD_WORDS)
        if rnd() < ZEPHYR_RATE:
            w[int(rnd() * PAYLOAD_WORDS)] = "zephyr"
        payload = " ".join(w)
        tl = tags_by_len[int(rnd() * 4)]
        tags = tl[int(rnd() * len(tl))]
        yield (i, ts, uid, kind, amount, payload, tags)


def build(path, n_events, seed, fts, final_journal):
    """Build one database at path (via a temp file, renamed when complete)."""
    tmp = path + ".tmp"
    for p in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    t0 = time.perf_counter()
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")   # 200 MB page cache while building
    con.execute("PRAGMA temp_store=MEMORY")
    con.execute("BEGIN")
    for stmt in filter(str.strip, SCHEMA.split(";")):
        con.execute(stmt)
    con.executemany("INSERT INTO users VALUES (?, ?, ?)", gen_users(Random(seed)))
    force = {}
    if n_events >= KEYSET_ID:
        force[KEYSET_ID] = KEYSET_USER
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                    gen_events(Random(seed + 1), n_events, force))
    t_rows = time.perf_counter()
    for stmt in filter(str.strip, INDEXES.split(";")):
        con.execute(stmt)
    t_idx = time.perf_counter()
    if fts:
        for stmt in filter(str.strip, FTS.split(";")):
            con.execute(stmt)
    t_fts = time.perf_counter()
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode=%s" % final_journal)
    con.close()
    os.replace(tmp, path)
    t_end = time.perf_counter()
    print("  %s: rows %.1fs, indexes %.1fs, fts %.1fs, total %.1fs, %.0f MB"
          % (path, t_rows - t0, t_idx - t_rows, t_fts - t_idx, t_end - t0,
             os.path.getsize(path) / 1e6), flush=True)


def verify(path, n_events):
    # A plain read-write open: closing it removes write.db's -wal/-shm again (a
    # read-only connection to a WAL database would leave them behind).
    con = sqlite3.connect(path)
    q = lambda sql: con.execute(sql).fetchone()
    users, events = q("select count(*) from users")[0], q("select count(*) from events")[0]
    print("  %s: users %d, events %d, journal_mode %s"
          % (os.path.basename(path), users, events, q("pragma journal_mode")[0]))
    if q("select 1 from sqlite_master where name='events_fts'"):
        z = q("select count(*) from events_fts where events_fts match 'zephyr'")[0]
        print("    zephyr matches %d (%.2f%%)" % (z, 100.0 * z / max(events, 1)))
    if n_events >= PK_ROW:
        print("    event %d: %r" % (PK_ROW, q("select id, ts, user_id, kind, amount from events "
                                              "where id=%d" % PK_ROW)))
    if n_events >= KEYSET_ID:
        row = q("select user_id from events where id=%d" % KEYSET_ID)
        after = q("select count(*) from events where user_id > %d or (user_id = %d and id > %d)"
                  % (KEYSET_USER, KEYSET_USER, KEYSET_ID))[0]
        print("    keyset (%d,%d): event %d has user_id %s; %d rows after it"
              % (KEYSET_USER, KEYSET_ID, KEYSET_ID, row[0], after))
    con.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__) or ".", "out"),
                    help="output directory (default: bench/out)")
    ap.add_argument("--events", type=int, default=1_000_000, help="events in bench.db")
    ap.add_argument("--write-events", type=int, default=WRITE_EVENTS, help="events in write.db")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--only", choices=["bench", "write"], help="build just one database")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.events < KEYSET_ID:
        print("note: fewer than %d events: R1/R4 rows of the scenarios may not exist"
              % KEYSET_ID, file=sys.stderr)
    t0 = time.perf_counter()
    print("gen_bench_db: seed %d, SQLite %s" % (args.seed, sqlite3.sqlite_version), flush=True)
    if args.only in (None, "bench"):
        p = os.path.join(args.out, "bench.db")
        build(p, args.events, args.seed, fts=True, final_journal="DELETE")
        verify(p, args.events)
    if args.only in (None, "write"):
        p = os.path.join(args.out, "write.db")
        build(p, args.write_events, args.seed + 100, fts=False, final_journal="WAL")
        verify(p, args.write_events)
    print("gen_bench_db: done in %.1f s" % (time.perf_counter() - t0))


if __name__ == "__main__":
    main()
