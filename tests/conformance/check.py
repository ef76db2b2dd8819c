#!/usr/bin/env python3
"""Runs the Datasette conformance corpus against liteserve and compares the failures with
tests/conformance/expected_failures.txt (one line per case: "<case id> <reason>").

The check fails when a case fails that is not listed, or when a listed case passes (so the
list can only shrink). The runner's own output is printed for diagnosis."""
import argparse
import os
import re
import subprocess
import sys


def read_expected(path):
    expected = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            case_id, _, reason = line.partition(" ")
            if not reason.strip():
                sys.exit(f"{path}: '{case_id}' needs a reason")
            expected[case_id] = reason.strip()
    return expected


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--expected", required=True)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)  # the runner starts servers from a temporary folder

    cmd = [sys.executable, args.runner, "--skip-quirks",
           "--server-cmd", f"{binary} serve {{dbs}} -p {{port}} --secret {{secret}} {{profile_args}}",
           "--token-cmd", f"{binary} create-token {{actor}} --secret {{secret}} {{restrictions}}"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    print(run.stdout)
    print(run.stderr, file=sys.stderr)
    if "conformance:" not in run.stdout:
        print("conformance runner did not finish", file=sys.stderr)
        return 1

    failed = set(re.findall(r"^FAIL (\S+?):? ", run.stdout, flags=re.M))
    expected = read_expected(args.expected)
    unexpected = sorted(failed - expected.keys())
    fixed = sorted(expected.keys() - failed)
    for case_id in unexpected:
        print(f"UNEXPECTED FAILURE: {case_id}")
    for case_id in fixed:
        print(f"NOW PASSING (remove from {args.expected}): {case_id}")
    print(f"check: {len(failed)} failed, {len(expected)} expected to fail, "
          f"{len(unexpected)} unexpected, {len(fixed)} now passing")
    return 1 if unexpected or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
