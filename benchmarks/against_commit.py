"""This checkout against an earlier commit: ``letters render`` and batch generation, A/B.

    .venv/bin/python benchmarks/against_commit.py c3eade7 [--count 1000] [--pairs 7] [--batch]

The machine's speed drifts (other processes, CPU frequency), so the two versions are run in
turn, in the same minutes, with the same venv and the same input: a pair is one run of each,
in alternating order (new then old, old then new, …), after one warm-up run of each that also
writes their bytecode caches. Each pair gives a ratio new/old; the medians are the figures.
The earlier commit is extracted with ``git archive`` into a temporary directory (nothing in
the repository changes) and run from there through ``PYTHONPATH``.

* ``letters render``: 1,000 varied letters (``benchmarks/sample_letters.py``) with DL
  envelopes, as a user runs it: CPU (user + system, of the command and its worker processes,
  from ``getrusage``) and wall time of the whole process; letters per second from the wall.
* ``--batch``: each version's own ``benchmarks/batch_benchmark.py --letters COUNT`` (queue,
  claim, then generate the batch in-process), and the generation time it prints.

Targets (issue 21): render and batch generation at least as fast as ``c3eade7``, and at
least 400 letters with envelopes a second.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# After the path tweak, so that a checkout works uninstalled.
from benchmarks.render_command import write_input  # noqa: E402
from benchmarks.sample_letters import sample_letters  # noqa: E402

GENERATED = re.compile(r"generated the batch in ([\d.]+) s")


def extract(commit: str, into: Path) -> Path:
    """The tree of ``commit`` in ``into`` (read-only use: nothing in the repository changes)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _environment(code: Path, workdir: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(code), "LETTERS_SECRET_KEY": "bench",
           "LETTERS_INSTANCE_PATH": str(workdir / "instance")}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's installation keeps its bytecode
    return env


def timed(command: list[str], code: Path, workdir: Path) -> tuple[float, float, str]:
    """CPU seconds (the process and the children it waited for), wall seconds, and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=code, env=_environment(code, workdir), capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some letters held or failed, as the command says
        raise SystemExit(f"{' '.join(command)} in {code} exited {done.returncode}:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def alternate(
    pairs: int, run: Callable[[str], dict[str, float]]
) -> list[tuple[dict[str, float], dict[str, float]]]:
    """``pairs`` (new, old) results, each pair run in the other order than the one before."""
    run("new"), run("old")  # warm-up: bytecode caches, the disk cache
    results = []
    for index in range(pairs):
        order = ("new", "old") if index % 2 == 0 else ("old", "new")
        got = {side: run(side) for side in order}
        results.append((got["new"], got["old"]))
    return results


def report(title: str, results, figures: dict[str, str], count: int) -> None:
    print(f"\n{title} ({len(results)} pairs, alternating)")
    for key, label in figures.items():
        new = [pair[0][key] for pair in results]
        old = [pair[1][key] for pair in results]
        ratios = [n / o for n, o in zip(new, old, strict=True)]
        print(
            f"  {label:<12} new median {statistics.median(new):6.2f} s, "
            f"old {statistics.median(old):6.2f} s; new/old median {statistics.median(ratios):.3f} "
            f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})"
        )
        if key in ("wall", "generation"):
            print(
                f"  {'letters/s':<12} new {count / statistics.median(new):.0f}, "
                f"old {count / statistics.median(old):.0f} (target ≥ 400)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the earlier commit to compare with (e.g. c3eade7)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--batch", action="store_true", help="also batch generation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="letters-ab-") as tmp:
        compare(args, Path(tmp))


def compare(args: argparse.Namespace, workdir: Path) -> None:
    code = {"new": ROOT, "old": extract(args.commit, workdir / "old")}
    source = write_input(sample_letters(args.count), workdir / "letters.jsonl")
    print(f"CPUs: {os.cpu_count()}; this checkout (new) against {args.commit} (old)")

    def render(side: str) -> dict[str, float]:
        out = workdir / f"out-{side}"
        command = [sys.executable, "-m", "letters.cli", "render", str(source), "--out", str(out),
                   "--force", "--envelope", "DL"]  # fmt: skip
        cpu, wall, _ = timed(command, code[side], workdir)
        return {"cpu": cpu, "wall": wall}

    figures = {"cpu": "CPU", "wall": "wall"}
    report("letters render", alternate(args.pairs, render), figures, args.count)

    if args.batch:

        def batch(side: str) -> dict[str, float]:
            script = code[side] / "benchmarks" / "batch_benchmark.py"
            command = [sys.executable, str(script), "--letters", str(args.count)]
            _, _, output = timed(command, code[side], workdir)
            match = GENERATED.search(output)
            if match is None:
                raise SystemExit(f"{script} printed no generation time:\n{output}")
            return {"generation": float(match.group(1))}

        figures = {"generation": "generation"}
        report("batch generation", alternate(args.pairs, batch), figures, args.count)


if __name__ == "__main__":
    main()
