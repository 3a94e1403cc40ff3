"""Spasm's benchmark. Run it with bench/run; results go to bench/results/.

Server: Spasm and a one-route Flask app (bench/baseline.py) run side by
side under gunicorn with the production settings (gunicorn.conf.py); wrk
loads each page in turn, then the baseline again, for every run.
Client: Lighthouse (mobile) loads each page in Debian's Chromium and reports
its scores, the bytes transferred and the number of requests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import CHROMIUM_ARGS  # noqa: E402  (the checkout, put on the path above)

VENV = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
LIGHTHOUSE = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("SPASM_CHROMIUM", "/usr/bin/chromium")
# For the scripts that drive Chromium themselves (taps, first paint), whose
# phone is the browser tests' (tests/browser/chromium.py): a weak signal,
# 400 ms round trip and 400 kbit/s each way.
WEAK_SIGNAL = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}

READ_PAGES = ["/", "/red-flags", "/relief/position", "/timer"]
WRITE = "check-in (POST)"
CONNECTIONS = 32

# The budgets the figures are held to (README, "Performance"). Throughput and
# p99 are budgets for the read pages; the write is measured and reported.
BUDGET_RATIO = 0.8
BUDGET_P99_MS = 50.0
# /red-flags: its own 14 KB plus the head script that picks the number (3.5 KB).
BUDGET_BYTES = {"/red-flags": (14 + 3.5) * 1024}
BUDGET_BYTES_DEFAULT = 60 * 1024
BUDGET_REQUESTS = 7
BUDGET_SCORES = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 90}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class Server:
    """A gunicorn process with gunicorn.conf.py, on a port of its own."""

    def __init__(self, target: str, env: dict, cwd: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [str(VENV / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), target]
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**env, "PORT": str(self.port), "HOST": "127.0.0.1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextmanager
def spasm_served(name: str) -> Iterator[tuple[str, Path]]:
    """Spasm under gunicorn on a new SQLite database in a temporary folder,
    as the Quick start serves it: yields its base URL and the folder (for
    browser profiles), and removes both afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix=f"spasm-{name}-"))
    env = {
        **os.environ,
        "SPASM_DATABASE_URL": f"sqlite:///{workdir}/{name}.sqlite3",
        "SPASM_SECRET_KEY": secrets.token_hex(32),
        "PYTHONPATH": str(ROOT),
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
    }
    subprocess.run(
        [str(VENV / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    server = Server("app:app", env, ROOT)
    try:
        wait_for(server.url + "/healthz")
        yield server.url, workdir
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def prepare_writer(base: str) -> dict:
    """A device with an open episode: its cookies and the check-in URL.

    The cookies are Secure, which urllib's cookie jar will not send over
    plain HTTP on loopback, so they are carried by hand.
    """
    cookies: dict[str, str] = {}

    def fetch(path: str, data: bytes | None = None, headers: dict | None = None) -> str:
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = urllib.request.Request(base + path, data=data, headers={**(headers or {}), "Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request)
        except urllib.error.HTTPError as error:
            if error.code not in (301, 302, 303):
                raise
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        return response.read().decode()

    fetch("/episodes", data=b"", headers={"Sec-Fetch-Site": "same-origin"})
    html = fetch("/")
    match = re.search(r'action="(/episodes/\d+/check-ins)"', html)
    if not match:
        raise RuntimeError("home shows no check-in form after starting an episode")
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return {"path": match.group(1), "cookie": cookie}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk_script(writer: dict, directory: Path) -> Path:
    script = directory / "write.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.body = "pain=4"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{writer["cookie"]}"\n'
        'wrk.headers["Sec-Fetch-Site"] = "same-origin"\n'
        'wrk.headers["HX-Request"] = "true"\n'
    )
    return script


def parse_wrk(output: str) -> dict:
    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    latency = {
        f"p{m.group(1)}": ms(m.group(2), m.group(3))
        for m in re.finditer(r"^\s+(50|99)\.000%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    if not latency:
        latency = {
            f"p{m.group(1)}": ms(m.group(2), m.group(3))
            for m in re.finditer(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, **latency, "non_2xx": int(errors.group(1)) if errors else 0}


def run_wrk(url: str, duration: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "-H", "Accept-Encoding: br, gzip"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def lighthouse(url: str, directory: Path) -> dict:
    report = directory / "lighthouse.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={flags}",
        "--only-categories=performance,accessibility,best-practices,seo",
    ]
    # Chromium now and then fails to start under load; a run is worth a retry.
    for attempt in range(3):
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
        if done.returncode == 0:
            break
        print(f"lighthouse failed on {url} (attempt {attempt + 1}): {done.stderr[-500:]}", file=sys.stderr)
    else:
        raise RuntimeError(f"lighthouse could not measure {url}")
    data = json.loads(report.read_text())
    # The script modules are named in the head and fetched side by side, never
    # before the first paint: their bytes count, their number does not (as in
    # tests/test_budgets.py).
    requests = [
        r
        for r in data["audits"]["network-requests"]["details"]["items"]
        if not r["url"].startswith("data:") and "/assets/js/" not in r["url"]
    ]
    return {
        "scores": {key: round(cat["score"] * 100) for key, cat in data["categories"].items()},
        "bytes": int(data["audits"]["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "failed": [
            audit["id"]
            for audit in data["audits"].values()
            if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
        ],
    }


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page per run")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="spasm-bench-"))
    env = {
        **os.environ,
        "SPASM_DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "SPASM_SECRET_KEY": secrets.token_hex(32),
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [str(VENV / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    spasm = Server("app:app", env, ROOT)
    baseline = Server("baseline:app", env, ROOT / "bench")
    try:
        wait_for(spasm.url + "/healthz")
        wait_for(baseline.url + "/")
        writer = prepare_writer(spasm.url)
        script = wrk_script(writer, workdir)
        targets = {page: spasm.url + page for page in READ_PAGES}

        server_runs: dict[str, list[dict]] = {name: [] for name in ["baseline", *READ_PAGES, WRITE]}
        for run in range(args.runs):
            # Warm both apps once, then measure the baseline in the same run as the pages.
            run_wrk(baseline.url + "/", 2)
            run_wrk(targets["/"], 2)
            server_runs["baseline"].append(run_wrk(baseline.url + "/", args.duration))
            for page, url in targets.items():
                server_runs[page].append(run_wrk(url, args.duration))
            server_runs[WRITE].append(run_wrk(spasm.url + writer["path"], args.duration, script))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

        client: dict[str, dict] = {}
        if not args.skip_lighthouse:
            for page in READ_PAGES:
                runs = [lighthouse(targets[page], workdir) for _ in range(args.runs)]
                client[page] = {
                    "scores": {k: statistics.median(r["scores"][k] for r in runs) for k in runs[0]["scores"]},
                    "bytes": statistics.median(r["bytes"] for r in runs),
                    "requests": statistics.median(r["requests"] for r in runs),
                    "failed": sorted({f for r in runs for f in r["failed"]}),
                }
    finally:
        spasm.stop()
        baseline.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    base_rps = median_of(server_runs["baseline"], "rps")
    rows = []
    for name, runs in server_runs.items():
        row = {
            "target": name,
            "rps": round(median_of(runs, "rps")),
            "p50_ms": round(median_of(runs, "p50"), 2),
            "p99_ms": round(median_of(runs, "p99"), 2),
            "ratio": round(median_of(runs, "rps") / base_rps, 2),
            "non_2xx": sum(r["non_2xx"] for r in runs),
            "runs": runs,
        }
        row.update({k: v for k, v in client.get(name, {}).items()})
        rows.append(row)

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": (
            f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        ),
        "connections": CONNECTIONS,
        "duration_s": args.duration,
        "runs": args.runs,
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2))
    table = render_table(result)
    (RESULTS / "latest.md").write_text(table)
    print(table)
    return 0


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def render_table(result: dict) -> str:
    lines = [
        f"Spasm benchmark, {result['when']} on {result['machine']}",
        f"wrk: {result['connections']} connections, {result['duration_s']} s per target, "
        f"median of {result['runs']} runs",
        "",
        "| target | req/s | p50 ms | p99 ms | ratio to one-route Flask | KB first visit | requests "
        "| perf | a11y | best pr. | SEO |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["rows"]:
        scores = row.get("scores", {})
        is_page = row["target"] in READ_PAGES
        ratio = f"{row['ratio']:.2f}" + (f" {verdict(row['ratio'] >= BUDGET_RATIO)}" if is_page else "")
        p99 = f"{row['p99_ms']:.1f}" + (f" {verdict(row['p99_ms'] <= BUDGET_P99_MS)}" if is_page else "")
        kb = ""
        if "bytes" in row:
            budget = BUDGET_BYTES.get(row["target"], BUDGET_BYTES_DEFAULT)
            kb = f"{row['bytes'] / 1024:.1f} {verdict(row['bytes'] <= budget)}"
        requests = f"{row['requests']:.0f} {verdict(row['requests'] <= BUDGET_REQUESTS)}" if "requests" in row else ""
        score_cells = [
            f"{scores[k]:.0f}" + ("" if scores[k] >= BUDGET_SCORES[k] else " LOW") if k in scores else ""
            for k in ("performance", "accessibility", "best-practices", "seo")
        ]
        lines.append(
            f"| {row['target']} | {row['rps']} | {row['p50_ms']:.1f} | {p99} | {ratio} | {kb} | {requests} | "
            + " | ".join(score_cells)
            + " |"
        )
    failed = {row["target"]: row["failed"] for row in result["rows"] if row.get("failed")}
    if failed:
        lines += ["", "Lighthouse audits not passed: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in failed.items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
