"""Checks what one language's examples printed (used by run-all).

    python3 check_output.py LANGUAGE WATCH_OUT TRACK_OUT ERRORS_OUT INVOICES_OUT

track: the balance it reports is the watcher's snapshot minus the charge it printed, to the last
digit, and the watcher saw that same balance in a CHANGED event; errors: the reasons and the
field violations the server sends; invoices: the open period's reference is
"<subscription_id>/<index>" and names the period's grant (whose period, when the wallet sends it,
is the subscription's), the invoices listed for the period have lines in it, every invoice amount
is at the currency's scale (USD: two decimals, "50.00") and each total is the sum of its lines.
"""
import re
import sys
from decimal import Decimal

language, watch_file, track_file, errors_file, invoices_file = sys.argv[1:6]
watch, track, errors, invoices = (open(f).read() for f in (watch_file, track_file, errors_file, invoices_file))
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

sub = find(r"^subscription (\S+): period (\S+) (\S+\.\.\S+)$", invoices, "invoices")
invoice_count = 0
if sub:
    sub_id, reference, period = sub.groups()
    if not re.fullmatch(re.escape(sub_id) + r"/\d+", reference):
        problems.append(f"invoices: period reference {reference} is not {sub_id}/<index>")
    grant = find(r"^grant PERIOD_BALANCE [\d.]+ USD left, period (\S+) (\S+)$", invoices, "invoices")
    if grant and grant.group(1) != reference:
        problems.append(f"invoices: the grant names {grant.group(1)}, the subscription {reference}")
    if grant and grant.group(2) != period:
        problems.append(f"invoices: the grant's period {grant.group(2)} is not the subscription's {period}")
    scaled = r"-?\d+\.\d{2}"  # USD: exactly two decimals
    for block in re.split(r"^(?=invoice )", invoices, flags=re.M)[1:]:
        head = re.match(r"invoice \S+ (\w+) (\w+): total (\S+) USD$", block, re.M)
        lines = re.findall(r"^  line (\w+) (\S+) \(\S+ x (\S+)\) service (\S+)$", block, re.M)
        if not head or not lines:
            problems.append(f"invoices: cannot read {block.strip()!r}")
            continue
        invoice_count += 1
        amounts = [head.group(3)] + [amount for _, amount, _, _ in lines]
        if not all(re.fullmatch(scaled, a) for a in amounts):
            problems.append(f"invoices: amounts not at the currency's scale: {amounts}")
        if sum(Decimal(a) for _, a, _, _ in lines) != Decimal(head.group(3)):
            problems.append(f"invoices: {head.group(3)} is not the sum of its lines")
        if not any(service == period for _, _, _, service in lines):
            problems.append(f"invoices: no line of {block.splitlines()[0]!r} bills {period}")
    if invoice_count == 0:
        problems.append("invoices: no invoice listed for the open period")

if problems:
    print(f"{language}: FAILED")
    for p in problems:
        print(f"  {p}")
    sys.exit(1)
print(f"{language}: ok (balance {before} - charge {charge} = {after}; errors VALIDATION_FAILED with fields, "
      f"MODEL_NOT_FOUND; {invoice_count} invoices of period {reference} at the currency's scale)")
