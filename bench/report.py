#!/usr/bin/env python3
"""Turns bench/run.sh measurements into a Markdown report.

  report.py MEASUREMENTS.tsv META.txt [VERIFY.txt] [FAILURES.txt]

MEASUREMENTS.tsv columns: label iter rc wall_s maxrss_kb user_s sys_s [other_cpu_s]. Figures are
medians over the successful runs of a label; a label with a failed run is reported as an error.
other_cpu_s is the CPU time the machine spent during a run beyond the command's own; a run where it
exceeds max(0.5 s, 30 % of the wall time) is counted as disturbed (other processes were busy).
"""
import csv
import os
import statistics
import sys
from collections import defaultdict


def load(path):
    runs = defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            runs[row["label"]].append(row)
    return runs


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    runs = load(argv[1])
    meta = open(argv[2]).read().strip().splitlines()
    extras = [open(p).read().strip() for p in argv[3:] if os.path.exists(p)]

    def ok(label):
        return [r for r in runs.get(label, []) if r["rc"] == "0"]

    def failed(label):
        return [r for r in runs.get(label, []) if r["rc"] != "0"]

    def med(label, field="wall_s"):
        vals = [float(r[field]) for r in ok(label)]
        return statistics.median(vals) if vals else None

    def peak_mb(*labels):
        vals = [int(r["maxrss_kb"]) for label in labels for r in ok(label)]
        return max(vals) / 1024 if vals else None

    def disturbed(label):
        return [r for r in ok(label) if r.get("other_cpu_s") not in (None, "")
                and float(r["other_cpu_s"]) > max(0.5, 0.3 * float(r["wall_s"]))]

    def fmt(x, digits=2):
        return "—" if x is None else f"{x:.{digits}f}"

    rows = []

    def relative(workflow, dataset, label, baselines, factor, extra=False):
        c = med(label)
        parts = [med(b) for b in baselines]
        base = None if any(p is None for p in parts) else sum(parts)
        names = " + ".join(BASELINE_NAMES[b] for b in baselines)
        target = f"≤ {factor:g} × ({names})" if len(baselines) > 1 else f"≤ {factor:g} × {names}"
        ratio = None if c is None or not base else c / base
        verdict = result(label, ratio is not None and ratio <= factor)
        rows.append((workflow + (" (extra)" if extra else ""), dataset, fmt(c), fmt(base), fmt(ratio), target, verdict))

    def absolute(workflow, dataset, label, limit, extra=False):
        c = med(label)
        verdict = result(label, c is not None and c <= limit)
        rows.append((workflow + (" (extra)" if extra else ""), dataset, fmt(c), "—", "—", f"≤ {limit:g} s", verdict))

    def result(label, passed):
        if not runs.get(label):
            return "not run"
        if failed(label):
            return f"**ERROR** ({len(failed(label))}/{len(runs[label])} runs failed)"
        return "pass" if passed else "**FAIL**"

    relative("`add` cold, cache.type copy", "D1", "cairn.add.copy.D1", ["base.md5.D1", "base.cpr.D1"], 1.5)
    relative("`add` cold, cache.type hardlink", "D1", "cairn.add.hardlink.D1", ["base.md5.D1", "base.cpal.D1"], 1.5)
    relative("`add` cold, cache.type copy", "D2", "cairn.add.copy.D2", ["base.md5.D2", "base.cpr.D2"], 1.5)
    absolute("`status` right after add (copy)", "D1", "cairn.status.copy.D1", 1.0)
    absolute("`status` right after add (hardlink)", "D1", "cairn.status.hardlink.D1", 1.0, extra=True)
    absolute("`status` right after add (copy)", "D2", "cairn.status.copy.D2", 1.0, extra=True)
    absolute("`add` again, nothing changed (copy)", "D1", "cairn.readd.copy.D1", 1.5)
    absolute("`add` again, nothing changed (hardlink)", "D1", "cairn.readd.hardlink.D1", 1.5, extra=True)
    relative("`checkout` into empty workspace, copy", "D1", "cairn.checkout.copy.D1", ["base.cpr.D1"], 1.5)
    relative("`checkout` into empty workspace, hardlink", "D1", "cairn.checkout.hardlink.D1", ["base.cpal.D1"], 2.0)
    relative("`checkout` into empty workspace, copy", "D2", "cairn.checkout.copy.D2", ["base.cpr.D2"], 1.5, extra=True)

    add_d1 = ["cairn.add.copy.D1", "cairn.add.hardlink.D1"]
    pk = peak_mb(*add_d1)
    verdict = ("**ERROR**" if any(failed(l) for l in add_d1)
               else "not run" if pk is None else "pass" if pk <= 512 else "**FAIL**")
    rows.append(("peak RSS of `add` (max over copy + hardlink runs), MB", "D1", fmt(pk, 0), "—", "—", "≤ 512 MB", verdict))
    v = med("cairn.version")
    rows.append(("`cairn --version`", "—", fmt(v), "—", "—", "(startup cost, no target)", "—" if v is not None else "not run"))

    out = []
    out.append("# Cairn benchmark results\n")
    out.extend(f"- {line}" for line in meta)
    out.append("")
    out.append("Wall times in seconds, median of the runs, page cache warm. Ratio = Cairn / baseline; "
               "a sum of baselines is the sum of their medians. Rows marked (extra) are not in the "
               "issue's target list but use the same kind of target.\n")
    out.append("| Workflow | Dataset | Cairn median (s) | Baseline median (s) | Ratio | Target | Result |")
    out.append("|---|---|---:|---:|---:|---|---|")
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    out.append("")
    out.append(f"Peak memory of `cairn add` on D1: {fmt(peak_mb('cairn.add.copy.D1'), 0)} MB (cache.type copy), "
               f"{fmt(peak_mb('cairn.add.hardlink.D1'), 0)} MB (hardlink); on D2: "
               f"{fmt(peak_mb('cairn.add.copy.D2'), 0)} MB (max RSS over the runs).\n")

    out.append("## Baselines\n")
    out.append("| Baseline | Command | Dataset | Median (s) |")
    out.append("|---|---|---|---:|")
    for label in ("base.md5.D1", "base.md5.D2", "base.cpr.D1", "base.cpr.D2", "base.cpal.D1"):
        kind, ds = label.split(".")[1:]
        cmd = BASELINE_CMDS.get(f"{kind}.{ds}", BASELINE_CMDS[kind])
        out.append(f"| {BASELINE_NAMES[label]} | `{cmd}` | {ds} | {fmt(med(label))} |")
    out.append("")

    out.append("## All measurements\n")
    out.append("| Label | OK runs | Median wall (s) | Min | Max | Median user (s) | Median sys (s) | Max RSS (MB) | Disturbed runs |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label in runs:
        good = ok(label)
        walls = [float(r["wall_s"]) for r in good]
        out.append("| {} | {}/{} | {} | {} | {} | {} | {} | {} | {} |".format(
            label, len(good), len(runs[label]), fmt(med(label)),
            fmt(min(walls) if walls else None), fmt(max(walls) if walls else None),
            fmt(med(label, "user_s")), fmt(med(label, "sys_s")), fmt(peak_mb(label), 0),
            len(disturbed(label)) if good and "other_cpu_s" in good[0] else "?"))
    out.append("")
    noisy = [l for l in runs if ok(l) and len(disturbed(l)) * 2 >= len(ok(l))]
    out.append("Disturbed run: the machine spent more than max(0.5 s, 30 % of the wall time) of CPU "
               "beyond the command's own user + sys time while it ran (other processes, writeback).")
    if noisy:
        out.append(f"**Warning:** at least half the runs of {', '.join(noisy)} were disturbed; "
                   "their medians are not reliable.")
    out.append("")
    extras = [t for t in extras if t]
    if extras:
        out.append("## Checks and failures\n")
        out.extend("```\n" + t + "\n```\n" for t in extras)
    print("\n".join(out))


BASELINE_NAMES = {
    "base.md5.D1": "md5sum", "base.md5.D2": "md5sum",
    "base.cpr.D1": "cp -r", "base.cpr.D2": "cp -r",
    "base.cpal.D1": "cp -al",
}
BASELINE_CMDS = {
    "md5": "find data -type f -print0 \\| xargs -0 -P2 md5sum >/dev/null",  # \| keeps the table intact
    "md5.D2": "find data -type f -print0 \\| xargs -0 -n1 -P2 md5sum >/dev/null",
    "cpr": "cp -r data dst",
    "cpal": "cp -al data dst",
}

if __name__ == "__main__":
    main(sys.argv)
