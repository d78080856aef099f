"""``letters render`` end to end, against WeasyPrint on the same letters, with peak memory.

    .venv/bin/python benchmarks/render_command.py [--count 1000] [--memory-count 5000]

Runs the real command (``letters render INPUT --out DIR``) as a separate process on generated
letters addressed with published address blocks, and reports its wall time and the peak
memory of its whole process tree (the command and its worker processes), sampled every 20 ms
from /proc as PSS: forked workers share most of their pages with the parent, and PSS counts
each shared page once, split between the processes sharing it (RSS would count it once per
process). Then renders the same letters through an HTML template with WeasyPrint in this
process (skipped when WeasyPrint is not installed). Targets: at least 10 times faster than
WeasyPrint; at least 400 letters with envelopes per second on 2 cores; under 300 MB peak for
5,000 letters.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pdf_benchmark import bench_weasyprint  # noqa: E402 - after the path tweak

TO = (
    "403882, Волгоградская область, г. Камышин, ул. Рабочая, д. 38, ФКУ СИЗО-2 УФСИН России "
    "по Волгоградской области, Миронову Сергею Геннадьевичу, 1981 г. р."
)
SENDER = "Иванова Анна Петровна\nул. Ленина, д. 5, кв. 12\nг. Екатеринбург\n620014"
TEXT = (
    "Здравствуйте, Сергей! Меня зовут Анна, я живу в Екатеринбурге и работаю в библиотеке. "
    "У нас уже выпал снег, и по утрам я хожу на работу через парк. Какие книги Вам нравятся? "
    "Напишите, если будет время.\n\n"
) * 4


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


def run_render(count: int, workdir: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of ``letters render`` on ``count`` letters."""
    source = workdir / f"letters-{count}.jsonl"
    record = json.dumps({"text": TEXT, "to": TO, "from": SENDER}, ensure_ascii=False)
    source.write_text("\n".join([record] * count) + "\n", encoding="utf-8")
    env = {**os.environ, "LETTERS_INSTANCE_PATH": str(workdir / "instance"),
           "LETTERS_SECRET_KEY": "bench"}  # fmt: skip
    subprocess.run([sys.executable, "-m", "letters.cli", "db", "upgrade"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    out = workdir / f"out-{count}"
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
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"letters render exited with {code}")
    return elapsed, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--memory-count", type=int, default=5000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="letters-render-"))
    elapsed, peak = run_render(args.count, workdir)
    print(
        f"letters render, {args.count} letters + envelopes: {elapsed:.2f} s = "
        f"{args.count / elapsed:.0f} letters/s (target ≥ 400), peak {peak:.0f} MiB"
    )
    bench_weasyprint(args.count)
    elapsed, peak = run_render(args.memory_count, workdir)
    print(
        f"letters render, {args.memory_count} letters + envelopes: {elapsed:.2f} s = "
        f"{args.memory_count / elapsed:.0f} letters/s, peak {peak:.0f} MiB (target < 300 MiB)"
    )


if __name__ == "__main__":
    main()
