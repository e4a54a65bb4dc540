"""Checks what one language's examples printed (used by run-all).

    python3 check_output.py LANGUAGE WATCH_OUT TRACK_OUT ERRORS_OUT

track: the balance it reports is the watcher's snapshot minus the charge it printed, to the last
digit, and the watcher saw that same balance in a CHANGED event; errors: the reasons and the
field violations the server sends.
"""
import re
import sys
from decimal import Decimal

language, watch_file, track_file, errors_file = sys.argv[1:5]
watch, track, errors = (open(f).read() for f in (watch_file, track_file, errors_file))
problems = []


def find(pattern, text, what):
    m = re.search(pattern, text, re.M)
    if not m:
        problems.append(f"{what}: no line matching {pattern!r}")
    return m


snapshot = find(r"^SNAPSHOT demo-balance USD: available (-?[\d.]+)", watch, "watch_balance")
charged = find(r"^charged (-?[\d.]+) USD \(cost [\d.]+ \+ margin [\d.]+ at [\d.]+\)$", track, "track")
remaining = find(r"^remaining balance: (-?[\d.]+) USD$", track, "track")
changed = find(r"^(CHANGED|BALANCE_LOW) demo-balance USD: available (-?[\d.]+)", watch, "watch_balance")
if snapshot and charged and remaining:
    before, charge, after = (Decimal(m.group(1)) for m in (snapshot, charged, remaining))
    if charge <= 0 or before - charge != after:
        problems.append(f"track: {before} - {charge} != {after}")
    if changed and Decimal(changed.group(2)) != after:
        problems.append(f"watch_balance: CHANGED to {changed.group(2)}, track says {after}")
for pattern in (r"^malformed: INVALID_ARGUMENT: ", r"^  reason VALIDATION_FAILED \(domain tally.dev\)",
                r"^  field idempotency_key: ", r"^  field token_usage.tokens.input_tokens: ",
                r"^unknown model: NOT_FOUND: ", r"^  reason MODEL_NOT_FOUND \(domain tally.dev\)"):
    find(pattern, errors, "errors")

if problems:
    print(f"{language}: FAILED")
    for p in problems:
        print(f"  {p}")
    sys.exit(1)
print(f"{language}: ok (balance {before} - charge {charge} = {after}; errors VALIDATION_FAILED with fields, MODEL_NOT_FOUND)")
