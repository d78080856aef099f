"""``letters render`` end to end, against WeasyPrint on the same letters, with peak memory.

    .venv/bin/python benchmarks/render_command.py [--count 1000] [--runs 3] [--memory-count 5000]

Runs the real command (``letters render INPUT --out DIR``) as a separate process, as a user
would, on varied letters (``benchmarks/sample_letters.py``: no two texts alike, four
recipients given as published address blocks, many writers), and reports:

* the wall time of ``--runs`` runs on ``--count`` letters (median), nothing else running;
* the same letters and envelopes rendered through an HTML template with WeasyPrint, in this
  process (skipped when WeasyPrint is not installed);
* the peak memory of a run on ``--memory-count`` letters: the whole process tree (the command
  and its worker processes) sampled every 20 ms from /proc as PSS. Forked workers share most
  of their pages with the parent; PSS counts each shared page once, split between the
  processes sharing it (RSS would count it once per process). The sampling costs CPU, so
  this run's time is shown but not used for the speed figure.

Before timing, one short run writes the package's bytecode caches, as any first run does.
Targets: at least 400 letters with envelopes per second on 2 cores; at least 10 times faster
than WeasyPrint; under 300 MB peak for 5,000 letters.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# After the path tweak, so that a checkout works uninstalled.
from benchmarks.pdf_benchmark import WeasyLetter, weasyprint_timing  # noqa: E402
from benchmarks.sample_letters import SampleLetter, sample_letters  # noqa: E402


def tree_pss_kib(root: int) -> int:
    """Proportional set size of ``root`` and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            rollup = (entry / "smaps_rollup").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                rss[int(entry.name)] = int(line.split()[1])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def write_input(letters: list[SampleLetter], path: Path) -> Path:
    lines = (json.dumps(letter.record(), ensure_ascii=False) for letter in letters)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_render(source: Path, workdir: Path, *, sample_memory: bool = False) -> tuple[float, float]:
    """Wall seconds and peak MiB (0 unless ``sample_memory``) of ``letters render``."""
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(workdir / "instance"),
           "LETTERS_SECRET_KEY": "bench"}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's installation keeps its bytecode
    out = workdir / f"out-{time.monotonic_ns()}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "letters.cli", "render", str(source), "--out", str(out)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - started
    done.set()
    if sample_memory:
        sampler.join()
    if code != 0:
        raise SystemExit(f"letters render exited with {code}")
    return elapsed, peak / 1024


def as_weasy(letter: SampleLetter) -> WeasyLetter:
    return WeasyLetter(
        paragraphs=letter.text.split("\n\n"),
        sender=(letter.sender_name, *letter.sender_lines),
        recipient=tuple(part.strip() for part in letter.to.split(", ") if part.strip()),
        signature=(letter.sender_name,),
        return_address=letter.sender_lines,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-count", type=int, default=5000)
    parser.add_argument("--skip-weasyprint", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="letters-render-"))
    letters = sample_letters(max(args.count, args.memory_count))
    print(f"CPUs: {os.cpu_count()}; letters: {sum(len(x.text) for x in letters) // len(letters)} "
          "characters on average, all different")  # fmt: skip
    run_render(write_input(letters[:10], workdir / "warm-up.jsonl"), workdir)

    source = write_input(letters[: args.count], workdir / "letters.jsonl")
    times = [run_render(source, workdir)[0] for _ in range(args.runs)]
    median = statistics.median(times)
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(
        f"letters render, {args.count} letters + envelopes: median {median:.2f} s = "
        f"{args.count / median:.0f} letters/s (target ≥ 400); runs: {shown} s"
    )
    if not args.skip_weasyprint:
        weasy = weasyprint_timing([as_weasy(letter) for letter in letters[: args.count]])
        if weasy:
            print(f"letters render is {weasy / median:.1f} times faster (target ≥ 10)")

    source = write_input(letters[: args.memory_count], workdir / "many.jsonl")
    elapsed, peak = run_render(source, workdir, sample_memory=True)
    print(
        f"letters render, {args.memory_count} letters + envelopes: peak {peak:.0f} MiB "
        f"(target < 300 MiB); {elapsed:.2f} s while sampling memory"
    )


if __name__ == "__main__":
    main()
