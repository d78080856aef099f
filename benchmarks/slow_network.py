"""First paint and "print page ready" over a slow, distant connection (400 kbps, 400 ms RTT).

    .venv/bin/python benchmarks/slow_network.py [--runs 3] [--kbps 400] [--rtt 400]

Serves the app (throw-away SQLite database with the sample directory) on 127.0.0.1 and drives
Debian's Chromium through Playwright, throttled with Chromium's own network emulation (the
DevTools protocol's ``Network.emulateNetworkConditions`` through Playwright's CDP session), as a
writer on a slow or censored connection would meet it:

1. the start page, cold cache: first contentful paint;
2. the letter form, opened next (warm cache): first contentful paint;
3. "Print it myself" pressed: until the print page has loaded ("print page ready").

Each figure is the median of ``--runs`` fresh browser contexts. To measure another version of
the code (e.g. before a change), run this script with ``PYTHONPATH`` pointing at that
checkout: it imports whatever ``letters`` package comes first.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

import letters
from letters import create_app
from letters.directory.cli import SAMPLE_DIR
from letters.directory.import_export import import_files
from letters.extensions import db

CHROMIUM = "/usr/bin/chromium"
LETTER = "Здравствуйте, Сергей! Меня зовут Анна, я живу в Казани. У нас выпал первый снег."
FCP = (
    "new Promise(done => new PerformanceObserver((list, observer) => {"
    " const fcp = list.getEntries().find(e => e.name === 'first-contentful-paint');"
    " if (fcp) { observer.disconnect(); done(fcp.startTime); } })"
    ".observe({type: 'paint', buffered: true}))"
)


def serve(workdir: Path):
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "INSTANCE_PATH": str(workdir),
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        upgrade()
        import_files(db.session, sorted(SAMPLE_DIR.glob("*.txt")), today=date.today())
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def one_run(browser, base: str, kbps: int, rtt: int) -> dict[str, float]:
    context = browser.new_context(locale="en", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": rtt,
            "downloadThroughput": kbps * 1000 / 8,
            "uploadThroughput": kbps * 1000 / 8,
        },
    )
    try:
        page.goto(base + "/", wait_until="load")
        home = page.evaluate(FCP)
        page.goto(base + "/prisoners/1/write", wait_until="load")
        write = page.evaluate(FCP)
        page.get_by_label("Your letter, in Russian").fill(LETTER)
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Print it myself").click()
        # The print page's clock starts when the form was sent: this is press → loaded.
        ready = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        return {"home_fcp": home, "write_fcp": write, "print_ready": ready}
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument("--rtt", type=int, default=400, help="round-trip time, ms")
    args = parser.parse_args()
    print(f"letters from {Path(letters.__file__).parent}")
    server, base = serve(Path(tempfile.mkdtemp(prefix="letters-slow-")))
    results: list[dict[str, float]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for _ in range(args.runs):
                results.append(one_run(browser, base, args.kbps, args.rtt))
            browser.close()
    finally:
        server.shutdown()
    print(f"{args.kbps} kbps, {args.rtt} ms RTT, median of {args.runs} runs:")
    for key, label in (
        ("home_fcp", "start page, first paint (cold cache)"),
        ("write_fcp", "letter form, first paint (second page)"),
        ("print_ready", "print page ready after pressing Print"),
    ):
        values = [r[key] for r in results]
        print(f"  {label}: {statistics.median(values) / 1000:.2f} s")


if __name__ == "__main__":
    main()
