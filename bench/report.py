#!/usr/bin/env python3
"""Helper for bench/run.sh: reads the scenario table, parses wrk/curl/limit_sqlite
output from a run's raw directory, and renders the markdown results (tables,
targets with PASS/FAIL, idle check).  Python 3 stdlib only.

    report.py scenarios [ID ...]     scenario rows as tab-separated fields, for run.sh
    report.py floors [ID ...]        comma-separated limit_sqlite names for --only
    report.py render RAW_DIR         the markdown report on stdout

Raw directory layout (written by run.sh):
    meta.txt                         "key: value" lines about the run
    scenarios.txt                    snapshot of the scenario table
    <label>-<ID>-c<C>.wrk            wrk --latency output (label: the server's name)
    <label>-<ID>-c<C>.hwm            server VmHWM in kB after that run (cumulative
                                     per scenario: the server restarts per scenario)
    <label>-<ID>.curl                curl -w lines: code bytes t_first_byte t_total
    <label>-<ID>.probe               one request before the load: code bytes
    <label>-<ID>.idle                CLK_TCK, then CPU ticks at load end, +1 s, +2 s
    <label>-<ID>.note                problems (server died, ...)
    limit_server-GET-c<C>.wrk        the HTTP ceiling
    limit_sqlite.jsonl               the SQLite/JSON floors
"""
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["id", "tool", "db", "method", "path", "lua", "floor", "what"]

# Targets from the issue.  kind:
#   vs_ceiling  req/s >= value x limit_server req/s at the same concurrency
#   vs_floor    req/s >= value x limit_sqlite single-thread ops/s
#   p99_ms      p99 latency < value ms
#   non2xx_pct  non-2xx responses (time-limit errors) < value % of requests
#   rss_mib     server peak RSS < value MiB
#   idle        server CPU in the second after load end + 1 s below value % of a core
#   reads_kept  W4's reads (9 of every 10 requests, w4_mixed.lua) >= value x W4r's req/s
#               (the same reads alone) at the same concurrency
TARGETS = [
    ("R1", 8, "vs_ceiling", 0.45),
    ("R1", 64, "vs_ceiling", 0.45),
    ("R1", 64, "p99_ms", 5.0),
    ("R2", 8, "vs_floor", 0.70),
    ("R4", 8, "vs_floor", 0.70),
    ("R5", 8, "vs_floor", 0.70),
    ("R3", 8, "vs_floor", 1.6),
    ("R6", 8, "vs_floor", 1.6),
    ("R6", 8, "non2xx_pct", 1.0),
    ("R6", None, "idle", 2.0),
    ("R5", 64, "rss_mib", 60.0),
    ("W2", 8, "vs_floor", 0.60),
    ("W1", 64, "vs_floor", 1.0),
    ("W4", 1, "reads_kept", 0.80),
    ("W4", 8, "reads_kept", 0.80),
    ("W4", 64, "reads_kept", 0.80),
]

W4_READ_SHARE = 0.9  # w4_mixed.lua: 9 GETs for every POST


# ----------------------------------------------------------------- scenario table

def read_scenarios(path=os.path.join(HERE, "scenarios.txt")):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != len(FIELDS):
                sys.exit("scenarios.txt: expected %d fields: %s" % (len(FIELDS), line))
            rows.append(dict(zip(FIELDS, parts)))
    return rows


def select(rows, ids):
    if not ids:
        return rows
    by_id = {r["id"]: r for r in rows}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        sys.exit("unknown scenario(s): %s (known: %s)" % (" ".join(unknown), " ".join(by_id)))
    return [by_id[i] for i in ids]


# ----------------------------------------------------------------- parsing

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def to_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else None


def parse_wrk(text):
    """wrk 4.x --latency output -> dict (None where a figure is missing)."""
    r = {"rps": None, "requests": None, "seconds": None, "non2xx": 0,
         "sock_errors": 0, "timeouts": 0, "p50_ms": None, "p99_ms": None}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        r["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+\w+),", text):
        r["requests"] = int(m.group(1))
        r["seconds"] = to_ms(m.group(2)) / 1e3
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        r["non2xx"] = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        r["sock_errors"] = sum(int(m.group(i)) for i in (1, 2, 3))
        r["timeouts"] = int(m.group(4))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        if m := re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M):
            r[key] = to_ms(m.group(1))
    return r


def read(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def load_run(raw):
    """Everything in a raw directory, keyed for rendering."""
    run = {"meta": {}, "wrk": {}, "hwm": {}, "curl": {}, "probe": {}, "idle": {},
           "note": {}, "floors": {}, "labels": set()}
    for line in (read(os.path.join(raw, "meta.txt")) or "").splitlines():
        if ": " in line:
            k, v = line.split(": ", 1)
            run["meta"][k] = v
    for name in sorted(os.listdir(raw)):
        text = read(os.path.join(raw, name), "")
        if m := re.fullmatch(r"(.+)-([^-]+)-c(\d+)\.(wrk|hwm)", name):
            label, sid, c, ext = m.group(1), m.group(2), int(m.group(3)), m.group(4)
            if ext == "wrk":
                run["wrk"][(label, sid, c)] = parse_wrk(text)
                run["labels"].add(label)
            elif text.strip().isdigit():
                run["hwm"][(label, sid, c)] = int(text.strip())
        elif m := re.fullmatch(r"(.+)-([^-]+)\.(curl|probe|idle|note)", name):
            label, sid, ext = m.groups()
            run[ext][(label, sid)] = text.split("\n") if ext == "curl" else text.strip()
    for line in (read(os.path.join(raw, "limit_sqlite.jsonl")) or "").splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            run["floors"][d["name"]] = d
    run["labels"].discard("limit_server")
    return run


# ----------------------------------------------------------------- rendering

def fmt(v, spec="%.0f", none="–"):
    return none if v is None else spec % v


def fmt_ms(v):
    if v is None:
        return "–"
    return "%.0f µs" % (v * 1e3) if v < 1 else ("%.2f ms" % v if v < 100 else "%.0f ms" % v)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def ceiling(run, c):
    w = run["wrk"].get(("limit_server", "GET", c))
    return w["rps"] if w else None


def floor_rate(run, name):
    f = run["floors"].get(name)
    return f["ops_per_s"] if f else None


def stick_for(run, scen, c):
    """(reference req/s or ops/s, short name) a scenario's figure is divided by."""
    if scen["floor"] == "limit_server":
        return ceiling(run, c), "limit_server c=%d" % c
    if scen["floor"] in ("", "-"):
        return None, ""
    return floor_rate(run, scen["floor"]), "limit_sqlite %s" % scen["floor"]


def idle_pct(text):
    """CPU % of one core during [load end + 1 s, + 2 s] and [end, end + 1 s]."""
    try:
        tck, t0, t1, t2 = (int(x) for x in text.split())
    except (ValueError, AttributeError):
        return None, None
    return 100.0 * (t2 - t1) / tck, 100.0 * (t1 - t0) / tck


def render_wrk(run, label, scens):
    rows = []
    for s in scens:
        cs = sorted(c for (l, sid, c) in run["wrk"] if l == label and sid == s["id"])
        for c in cs:
            w = run["wrk"][(label, s["id"], c)]
            hwm = run["hwm"].get((label, s["id"], c))
            ref, ref_name = stick_for(run, s, c)
            ratio = w["rps"] / ref if (w["rps"] is not None and ref) else None
            errs = w["sock_errors"] + w["timeouts"]
            rows.append([s["id"], c, fmt(w["rps"]), fmt_ms(w["p50_ms"]), fmt_ms(w["p99_ms"]),
                         w["non2xx"], errs if errs else 0,
                         fmt(hwm / 1024 if hwm else None, "%.1f"),
                         ("%.2f× %s" % (ratio, ref_name)) if ratio is not None else "–"])
    if not rows:
        return ""
    return table(["scenario", "c", "req/s", "p50", "p99", "non-2xx", "sock err/timeouts",
                  "peak RSS MiB", "vs. measuring stick"], rows)


def render_curl(run, label, scens):
    rows = []
    for s in scens:
        lines = [l.split() for l in run["curl"].get((label, s["id"]), []) if l.strip()]
        good = [l for l in lines if len(l) == 4 and l[0].startswith("2")]
        if not lines:
            continue
        if not good:
            rows.append([s["id"], "HTTP %s" % lines[0][0], "–", "–", "–", "–", "–"])
            continue
        total = statistics.median(float(l[3]) for l in good)
        first = statistics.median(float(l[2]) for l in good)
        size = int(float(good[0][1]))
        floor = run["floors"].get(s["floor"])
        vs = ("%.2f× (floor %.2f s)" % (floor["seconds_median"] / total, floor["seconds_median"])
              if floor and total else "–")
        hwm = run["hwm"].get((label, s["id"], 1))
        rows.append([s["id"], "%.2f s" % total, "%.0f ms" % (first * 1e3), "%.1f" % (size / 1e6),
                     "%.1f" % (size / 1e6 / total), fmt(hwm / 1024 if hwm else None, "%.1f"), vs])
    if not rows:
        return ""
    return table(["scenario", "total (median)", "first byte", "MB", "MB/s", "peak RSS MiB",
                  "floor / time"], rows)


def evaluate(run, label, scen_by_id):
    rows = []
    for sid, c, kind, value in TARGETS:
        w = run["wrk"].get((label, sid, c)) if c else None
        where = "%s c=%d" % (sid, c) if c else sid
        measured, ok = None, None
        if kind == "vs_ceiling":
            ref = ceiling(run, c)
            want = "≥ %.0f%% of limit_server req/s" % (value * 100)
            if w and w["rps"] is not None and ref:
                measured = "%.0f / %.0f = %.0f%%" % (w["rps"], ref, 100 * w["rps"] / ref)
                ok = w["rps"] >= value * ref
        elif kind == "vs_floor":
            fname = scen_by_id.get(sid, {}).get("floor", "-")
            ref = floor_rate(run, fname)
            want = "≥ %.2f× limit_sqlite %s" % (value, fname)
            if w and w["rps"] is not None and ref:
                measured = "%.1f / %.1f = %.2f×" % (w["rps"], ref, w["rps"] / ref)
                ok = w["rps"] >= value * ref
        elif kind == "reads_kept":
            alone = run["wrk"].get((label, "W4r", c))
            want = "W4 reads ≥ %.0f%% of W4r req/s" % (value * 100)
            if w and alone and w["rps"] is not None and alone["rps"]:
                reads = W4_READ_SHARE * w["rps"]
                measured = "%.0f / %.0f = %.0f%%" % (reads, alone["rps"], 100 * reads / alone["rps"])
                ok = reads >= value * alone["rps"]
        elif kind == "p99_ms":
            want = "p99 < %g ms" % value
            if w and w["p99_ms"] is not None:
                measured = fmt_ms(w["p99_ms"])
                ok = w["p99_ms"] < value and w["timeouts"] == 0
        elif kind == "non2xx_pct":
            want = "< %g%% time-limit errors (non-2xx)" % value
            if w and w["requests"]:
                pct = 100.0 * w["non2xx"] / w["requests"]
                measured = "%d of %d = %.2f%%" % (w["non2xx"], w["requests"], pct)
                ok = pct < value and w["requests"] > 0
        elif kind == "rss_mib":
            want = "peak RSS < %g MiB" % value
            hwm = run["hwm"].get((label, sid, c))
            if hwm:
                measured = "%.1f MiB" % (hwm / 1024)
                ok = hwm / 1024 < value
        elif kind == "idle":
            want = "idle within 1 s after load (CPU < %g%% of a core in [+1 s, +2 s])" % value
            cpu, first = idle_pct(run["idle"].get((label, sid)))
            if cpu is not None:
                measured = "%.0f%% in [+1 s, +2 s] (%.0f%% in [0, +1 s])" % (cpu, first)
                ok = cpu < value
        verdict = "not measured" if ok is None else ("PASS" if ok else "**FAIL**")
        # Throughput made of error responses does not count.
        if ok and kind in ("vs_ceiling", "vs_floor", "p99_ms", "reads_kept") and w and w["requests"]:
            bad = w["non2xx"] + w["sock_errors"] + w["timeouts"]
            if bad > 0.01 * w["requests"]:
                verdict = "**FAIL** (%.0f%% errors)" % (100.0 * bad / w["requests"])
        rows.append([where, want, measured or "–", verdict])
    return table(["where", "target", "measured", "verdict"], rows)


def render(raw):
    run = load_run(raw)
    scens = read_scenarios(os.path.join(raw, "scenarios.txt")
                           if os.path.exists(os.path.join(raw, "scenarios.txt")) else
                           os.path.join(HERE, "scenarios.txt"))
    by_id = {s["id"]: s for s in scens}
    ran = set(sid for (_, sid, _) in run["wrk"]) | set(sid for (_, sid) in run["curl"])
    used = [s for s in scens if s["id"] in ran]
    meta = run["meta"]
    out = ["# liteserve benchmark results, %s" % meta.get("date", "?"), ""]
    out.append("Machine: %s, %s cores, %s. wrk %s s per run (`-t1` at c=1, `-t2` above, "
               "`--timeout %s`), on the same machine as the server. SQLite %s. "
               "Server restarted for every scenario; peak RSS is its VmHWM after each run "
               "(so it accumulates over the scenario's concurrencies, run in ascending order)."
               % (meta.get("cpu", "?"), meta.get("cores", "?"), meta.get("kernel", "?"),
                  meta.get("duration", "?"), meta.get("wrk_timeout", "?"),
                  meta.get("sqlite", "?")))
    if meta.get("server"):
        out.append("")
        out.append("Server: `%s` (%s)." % (meta["server"], meta.get("server_rev", "?")))
    for label in sorted(run["labels"]) or [None]:
        if label is None:
            out += ["", "_No server runs in this directory (build/liteserve missing?)._"]
            break
        out += ["", "## %s" % label, ""]
        probes = [(sid, run["probe"][(l, sid)]) for (l, sid) in sorted(run["probe"]) if l == label]
        bad = [(sid, p) for sid, p in probes if not p.split()[:1] or not p.startswith("2")]
        if bad:
            out.append("Probe requests that did not return 2xx: " +
                       ", ".join("%s → %s" % (sid, p) for sid, p in bad) + "\n")
        for (l, sid), note in sorted(run["note"].items()):
            if l == label:
                out.append("Note on %s: %s\n" % (sid, note))
        wrk_table = render_wrk(run, label, [s for s in used if s["tool"] == "wrk"])
        if wrk_table:
            out.append(wrk_table)
        curl_table = render_curl(run, label, [s for s in used if s["tool"] == "curl"])
        if curl_table:
            out += ["", "Exports (curl, one request at a time):", "", curl_table]
        idle = []
        for (l, sid), text in sorted(run["idle"].items()):
            if l == label:
                cpu, first = idle_pct(text)
                if cpu is not None:
                    idle.append("%s: %.0f%% → %.0f%%" % (sid, first, cpu))
        if idle:
            out += ["", "Server CPU (% of one core) in the second after the last run of each "
                        "scenario ended → in the second after that: " + "; ".join(idle) + "."]
        out += ["", "### Targets", "", evaluate(run, label, by_id)]
    out += ["", "## Measuring sticks", ""]
    ls = [[c, fmt(w["rps"]), fmt_ms(w["p50_ms"]), fmt_ms(w["p99_ms"]), w["non2xx"]]
          for (l, _, c), w in sorted(run["wrk"].items()) if l == "limit_server"]
    if ls:
        out += ["limit_server (the HTTP ceiling, 2 threads, plain GET):", "",
                table(["c", "req/s", "p50", "p99", "non-2xx"], ls), ""]
    fl = []
    for name, f in run["floors"].items():
        if f.get("kind") == "floor":
            ops = f["ops_per_s"]
            fl.append([name, "%.0f" % ops if ops >= 100 else "%.1f" % ops, fmt_ms(f["p50_us"] / 1e3),
                       fmt_ms(f["p99_us"] / 1e3), f["what"]])
        elif f.get("kind") == "floor_scan":
            fl.append([name, "%.2f s / scan" % f["seconds_median"], "–", "–", f["what"]])
    if fl:
        out += ["limit_sqlite (in-process SQL + JSON, single thread):", "",
                table(["floor", "ops/s", "p50", "p99", "what"], fl)]
    if not ls and not fl:
        out.append("_Not measured (../shared/bench not found?)._")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "scenarios":
        for s in select(read_scenarios(), args):
            print("\t".join(s[f] for f in FIELDS[:-1]))
    elif cmd == "floors":
        names = []
        for s in select(read_scenarios(), args):
            # Scenarios compared with limit_server still get their in-process floor
            # (R1 -> r1) measured, for information.
            name = s["id"].lower() if s["floor"] == "limit_server" else s["floor"]
            if name != "-" and name not in names:
                names.append(name)
        print(",".join(names))
    elif cmd == "render" and len(args) == 1:
        sys.stdout.write(render(args[0]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
