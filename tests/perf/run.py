"""The benchmark: `python -m tests.perf.run` (`make bench`).

On a throw-away test database (test_<name> of DATABASE_URL, PostgreSQL) it builds the small and
the large data set (tests/perf/data.py), then reports:

1. every page: SQL queries at both sizes, median and 95th-percentile server time at the large
   size (Django's test client, in-process), staff list pages against the Django admin changelist
   over the same rows, public pages against the floor view (base.html, no queries);
2. a load test against gunicorn (two workers) on 127.0.0.1: requests per second, median and
   99th-percentile latency and errors per page, the floor view under the same load, and 50
   clients registering at once for a workshop (no overbooking);
3. peak memory growth of a gunicorn worker while it streams 100,000-row CSV exports.

Every target prints pass or miss. The exit status is 1 when a target was missed (or something
broke), so that `make bench` fails; the Markdown report is printed and written to var/bench/
either way, and the missed targets are listed on stderr at the end.
"""

import argparse
import http.client
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
REPORT_DIR = BASE_DIR / "var" / "bench"
MB = 1024 * 1024


def configure_environment() -> None:
    """Production settings (as gunicorn runs them) before Django reads them."""
    defaults = {
        "DJANGO_SETTINGS_MODULE": "returnportal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex * 2,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_REQUIRE_TWO_FACTOR": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
        "CELERY_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        # All load comes from one address, 127.0.0.1: per-client form limits would refuse it.
        "RATELIMIT_ENABLE": "0",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)


# Figures ----------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * share) - 1, 0)]


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


# Every target checked in this process, in order: (what, met). main() fails on a miss.
CHECKED: list[tuple[str, bool]] = []


def verdict(ok: bool | None, what: str = "") -> str:
    """The report's cell for a target; a checked target (ok not None) is remembered."""
    if ok is None:
        return "-"
    CHECKED.append((what or f"target {len(CHECKED) + 1}", bool(ok)))
    return "pass" if ok else "**miss**"


def missed_targets(checked: list[tuple[str, bool]] | None = None) -> list[str]:
    return [what for what, met in (CHECKED if checked is None else checked) if not met]


def exit_status(checked: list[tuple[str, bool]] | None = None) -> int:
    """0 when every target was met, 1 when any was missed (and printed the ones missed)."""
    missed = missed_targets(checked)
    if missed:
        print(f"{len(missed)} target(s) missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if missed else 0


# In-process pages -------------------------------------------------------------------------------


class Page:
    def __init__(self, name, url, *, staff=False, public=False, admin=None, export=False):
        self.name, self.url, self.staff, self.public = name, url, staff, public
        self.admin, self.export = admin, export
        self.queries: dict[str, int] = {}
        self.times: list[float] = []
        self.admin_times: list[float] = []
        self.floor_times: list[float] = []


def fetch(client, url: str) -> int:
    """GET and read the whole body (a streamed export included); the body's length."""
    response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url}: HTTP {response.status_code}")
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def count_queries(client, url: str) -> int:
    """Queries of one request on a cold cache (so that both sizes are counted alike)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        fetch(client, url)
    return len(queries)


def timed(client, url: str) -> float:
    started = time.perf_counter()
    fetch(client, url)
    return time.perf_counter() - started


def pages_for(survey, workshop, person, admin_ids) -> list["Page"]:
    from django.urls import reverse

    slug = survey.slug
    attendees = reverse("workshops:staff_attendees", args=[workshop.slug])
    return [
        Page("home", reverse("pages:home"), public=True),
        Page("news list", reverse("news:list"), public=True),
        Page("workshop list", reverse("workshops:list"), public=True),
        Page("workshop page", workshop.get_absolute_url(), public=True),
        Page("survey page", reverse("surveys:detail", args=[slug]), public=True),
        Page("staff dashboard", reverse("contacts:dashboard"), staff=True),
        Page(
            "case list",
            reverse("contacts:case_list"),
            staff=True,
            admin=reverse("admin:contacts_case_changelist"),
        ),
        Page(
            "case list, topic filter",
            reverse("contacts:case_list") + "?topic=work",
            staff=True,
            admin=reverse("admin:contacts_case_changelist") + "?topic_links__topic=work",
        ),
        Page(
            "person search",
            reverse("contacts:person_search") + "?q=testowa+1",
            staff=True,
            admin=reverse("admin:contacts_person_changelist") + "?q=testowa+1",
        ),
        Page("person page", person.get_absolute_url(), staff=True),
        Page(
            "attendee list",
            attendees,
            staff=True,
            admin=reverse("admin:workshops_registration_changelist")
            + f"?workshop__id__exact={workshop.pk}",
        ),
        Page("survey results", reverse("surveys:results", args=[slug]), staff=True),
        Page("monthly report", reverse("contacts:report_monthly"), staff=True),
        Page(
            "monthly report CSV",
            reverse("contacts:report_monthly") + "?format=csv",
            staff=True,
            export=True,
        ),
        Page("case export CSV", reverse("contacts:case_export"), staff=True, export=True),
        Page(
            "attendee CSV",
            reverse("workshops:staff_attendees_csv", args=[workshop.slug]),
            staff=True,
            export=True,
        ),
        Page("survey export CSV", reverse("surveys:export", args=[slug]), staff=True, export=True),
        Page(
            "survey codebook CSV",
            reverse("surveys:codebook", args=[slug]),
            staff=True,
            export=True,
        ),
    ]


def measure_times(pages, clients, *, requests: int, export_requests: int, warmup: int, log):
    """Server time per page; admin and floor interleaved with the page they are compared to."""
    floor = "/bench/floor/"
    for page in pages:
        client = clients["staff" if page.staff else "anonymous"]
        n = export_requests if page.export else requests
        for _ in range(1 if page.export else warmup):
            timed(client, page.url)
            if page.admin:
                timed(client, page.admin)
            if page.public:
                timed(client, floor)
        for _ in range(n):
            page.times.append(timed(client, page.url))
            if page.admin:
                page.admin_times.append(timed(client, page.admin))
            if page.public:
                page.floor_times.append(timed(client, floor))
        log(f"  timed {page.name}: median {ms(statistics.median(page.times))} ms over {n}")


# gunicorn and the load generator ---------------------------------------------------------------


class Gunicorn:
    """gunicorn serving tests.perf.wsgi on the benchmark database, on 127.0.0.1 only."""

    def __init__(self, database_url: str, workers: int, timeout: int = 30):
        self.database_url, self.workers, self.timeout = database_url, workers, timeout

    def __enter__(self):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = {**os.environ, "DATABASE_URL": self.database_url}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "tests.perf.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=env,
        )
        for _ in range(200):
            try:
                status, _body, _headers = request("127.0.0.1", self.port, "GET", "/bench/floor/")
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


def request(host, port, method, path, *, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, data, response.headers
    finally:
        connection.close()


def csrf_for(port: int, path: str) -> tuple[str, str]:
    """A csrftoken cookie and the form's token, as a browser would have them."""
    _status, body, headers = request("127.0.0.1", port, "GET", path)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


def load(port: int, make_request, *, seconds: float, clients: int, expect: int) -> dict:
    """`clients` threads send requests back to back for `seconds`; throughput and latency."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(worker: int) -> None:
        n = 0
        mine, failed = [], []
        while time.perf_counter() < deadline:
            method, path, body, headers = make_request(worker, n)
            n += 1
            started = time.perf_counter()
            try:
                status, _data, _headers = request(
                    "127.0.0.1", port, method, path, body=body, headers=headers
                )
                if status != expect:
                    failed.append(str(status))
            except OSError as exc:
                failed.append(type(exc).__name__)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "median": statistics.median(latencies),
        "p99": percentile(latencies, 0.99),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
    }


def rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process, in bytes."""
    fields = {}
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) * 1024
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def export_memory(server: Gunicorn, path: str, warm_path: str, cookie: str) -> dict:
    """Peak RSS growth of the one worker while it streams `path` (warmed up on `warm_path`)."""
    (pid,) = server.worker_pids()
    headers = {"Cookie": cookie}
    for _ in range(3):
        request("127.0.0.1", server.port, "GET", warm_path, headers=headers)
    reset = True
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        reset = False
    before, _ = rss(pid)
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss(pid)[0])
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    size = lines = 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        lines += chunk.count(b"\n")
    connection.close()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if reset:
        peak = max(peak, rss(pid)[1])
    return {
        "status": response.status,
        "rows": lines - 1,
        "mb": size / MB,
        "seconds": elapsed,
        "growth": (peak - before) / MB,
    }


# The run -----------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            database = connection.vendor
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM; Python {platform.python_version()}, "
        f"{database}, {platform.system()} {platform.release()}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--export-requests", type=int, default=5, help="timed, per CSV export")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="load per page")
    parser.add_argument("--clients", type=int, default=8, help="concurrent load clients")
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--skip-load", action="store_true", help="in-process figures only")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="shrink the large set (a quick trial: 0.05)"
    )
    args = parser.parse_args(argv)

    configure_environment()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    lines: list[str] = []

    def log(text: str = "") -> None:
        print(text, flush=True)

    def out(text: str = "") -> None:
        lines.append(text)

    if connection.vendor != "postgresql" and not args.skip_load:
        log("The load test needs PostgreSQL (DATABASE_URL); running the in-process part only.")
        args.skip_load = True
    original_name = connection.settings_dict["NAME"]
    log("Creating the benchmark database (migrations)...")
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        with override_settings(ROOT_URLCONF="tests.perf.urls"):
            run(args, settings, connection, Client, log, out, lines)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    log(f"(benchmark database {test_name} dropped)")
    return exit_status()


def run(args, settings, connection, Client, log, out, lines) -> None:
    from django.contrib.auth import get_user_model

    from contacts.models import Contact, Person
    from tests.perf import data
    from workshops.models import Workshop

    started_at = datetime.now(UTC)
    staff = get_user_model().objects.create_superuser("bench", "bench@example.org", "x" * 20)
    clients = {"anonymous": Client(), "staff": Client()}
    clients["staff"].force_login(staff)

    log("Building the small set...")
    data.grow(data.SMALL, staff=staff)
    survey = data.returnee_survey()
    workshop = Workshop.objects.get(slug=data.workshop_slug(1))  # upcoming, full, waiting list
    person = Person.objects.order_by("pk").first()
    pages = pages_for(survey, workshop, person, None)
    floor = "/bench/floor/"
    floor_queries = count_queries(clients["anonymous"], floor)
    for page in pages:
        page.queries["small"] = count_queries(
            clients["staff" if page.staff else "anonymous"], page.url
        )

    large = data.LARGE.scaled(args.scale)
    log(f"Building the large set (scale {args.scale})...")
    build_started = time.perf_counter()
    data.grow(large, start=data.SMALL, staff=staff)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - build_started
    log(f"  large set built in {build_seconds:.0f} s")
    for page in pages:
        page.queries["large"] = count_queries(
            clients["staff" if page.staff else "anonymous"], page.url
        )

    log("Timing the pages...")
    measure_times(
        pages,
        clients,
        requests=args.requests,
        export_requests=args.export_requests,
        warmup=args.warmup,
        log=log,
    )

    out(f"# Benchmark report, {started_at:%Y-%m-%d %H:%M} UTC")
    out()
    out(f"Machine: {machine()}.")
    out()
    out(
        f"Large set: {Person.objects.count():,} people, {Contact.objects.count():,} "
        f"contacts, {Workshop.objects.count():,} workshops with "
        f"{data.Registration.objects.count():,} registrations, "
        f"{data.Response.objects.count():,} survey responses "
        f"({data.Answer.objects.count():,} answers), {data.Article.objects.count():,} news "
        f"articles; built from the small set in {build_seconds:.0f} s "
        f"(target under 300 s: {verdict(build_seconds < 300, 'large set built in under 300 s')})."
    )
    out()
    out(
        f"## Pages (in-process, Django test client; {args.requests} timed requests per page "
        f"after {args.warmup} warm-up, {args.export_requests} per CSV export)"
    )
    out()
    out(
        "| page | queries small | queries large | flat | median ms | p95 ms "
        "| compared with | its median ms | ratio | target | result |"
    )
    out("|---|---:|---:|---|---:|---:|---|---:|---:|---|---|")
    for page in pages:
        flat = page.queries["small"] == page.queries["large"]
        median = statistics.median(page.times)
        p95 = percentile(page.times, 0.95)
        other, target, ok = "", "", None
        other_median = ratio = None
        if page.admin:
            other_median = statistics.median(page.admin_times)
            ratio = median / other_median
            other, target, ok = "admin changelist", "≤ 1.0", ratio <= 1.0
        elif page.public:
            other_median = statistics.median(page.floor_times)
            ratio = median / other_median
            other, target, ok = "floor view", "≤ 3.0", ratio <= 3.0
        result = verdict(flat and (ok is None or ok), f"page {page.name}")
        out(
            f"| {page.name} | {page.queries['small']} | {page.queries['large']} "
            f"| {'yes' if flat else '**no**'} | {ms(median)} | {ms(p95)} | {other} "
            f"| {ms(other_median)} | {'-' if ratio is None else f'{ratio:.2f}'} | {target} "
            f"| {result} |"
        )
    floor_all = [t for page in pages for t in page.floor_times]
    out()
    out(
        f"Floor view (`base.html`, {floor_queries} queries): median "
        f"{ms(statistics.median(floor_all))} ms over {len(floor_all)} requests."
    )
    out(
        "Targets: the same number of queries at both sizes; staff list pages no slower than the "
        "admin changelist over the same rows; public pages within 3x the floor view."
    )
    try:
        if not args.skip_load:
            load_section(args, connection, data, Workshop, clients, log, out)
    except Exception as exc:  # the figures so far are still worth writing down
        import traceback

        traceback.print_exc()
        out()
        out(f"**The run stopped early:** {type(exc).__name__}: {exc}")
    finally:
        report = "\n".join(lines) + "\n"
        REPORT_DIR.mkdir(parents=True, exist_ok=True)
        path = REPORT_DIR / f"report-{started_at:%Y%m%d-%H%M%S}.md"
        path.write_text(report)
        (REPORT_DIR / "latest.md").write_text(report)
        print("\n" + report)
        log(f"Written to {path.relative_to(BASE_DIR)} (and var/bench/latest.md).")


def database_url(connection) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}?conn_max_age=60"


def load_section(args, connection, data, Workshop, clients, log, out) -> None:
    from django.conf import settings
    from django.db import close_old_connections
    from django.urls import reverse

    from tests.perf.test_workshop_registration import registration_burst
    from tests.workshops.factories import WorkshopFactory

    url = database_url(connection)
    connection.close()  # gunicorn's workers open their own
    open_workshop = WorkshopFactory(slug="bench-open", capacity=1_000_000)
    detail = Workshop.objects.get(slug=data.workshop_slug(1)).get_absolute_url()
    register = reverse("workshops:register", args=[open_workshop.slug])
    gets = {
        "home": reverse("pages:home"),
        "workshop list": reverse("workshops:list"),
        "workshop page": detail,
        "news list": reverse("news:list"),
        "floor view": "/bench/floor/",
    }
    results = {}
    log(f"Load test: gunicorn, 2 workers, {args.clients} clients, {args.seconds:.0f} s a page...")
    with Gunicorn(url, workers=2) as server:
        for name, path in gets.items():
            load(
                server.port,
                lambda w, n, p=path: ("GET", p, None, {}),
                seconds=1,
                clients=2,
                expect=200,
            )
            results[name] = load(
                server.port,
                lambda w, n, p=path: ("GET", p, None, {}),
                seconds=args.seconds,
                clients=args.clients,
                expect=200,
            )
            log(f"  {name}: {results[name]['rps']:.0f} requests/s")
        tokens = [csrf_for(server.port, register) for _ in range(args.clients)]
        run_id = uuid.uuid4().hex[:6]

        def registration(worker: int, n: int):
            cookie, token = tokens[worker]
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Load {worker} {n}",
                    "email": f"load-{run_id}-{worker}-{n}@example.org",
                    "participant_type": "migrant",
                    "consent": "on",
                }
            )
            headers = {
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            return "POST", register, body, headers

        results["registration POST"] = load(
            server.port, registration, seconds=args.seconds, clients=args.clients, expect=302
        )
        log(f"  registration POST: {results['registration POST']['rps']:.0f} requests/s")
        close_old_connections()
        burst_workshop = WorkshopFactory(slug="bench-burst", capacity=100)
        burst = registration_burst(
            f"http://127.0.0.1:{server.port}", burst_workshop, clients=50, per_client=10
        )
        log(f"  50 clients: {burst['rps']:.0f} registrations/s, {burst['errors']} errors")

    floor = results["floor view"]
    out()
    out(
        f"## Load (gunicorn, 2 sync workers, PostgreSQL on 127.0.0.1; {args.clients} concurrent "
        f"clients, {args.seconds:.0f} s per page, Python http.client load generator on the same "
        "machine)"
    )
    out()
    out("| page | requests | requests/s | median ms | p99 ms | errors | rps / floor | result |")
    out("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, r in results.items():
        share = r["rps"] / floor["rps"]
        public = name in ("home", "workshop list", "workshop page", "news list")
        ok = (
            (share >= 0.5 and r["errors"] == 0)
            if public
            else (r["errors"] == 0 if name != "floor view" else None)
        )
        out(
            f"| {name} | {r['requests']:,} | {r['rps']:.0f} | {ms(r['median'])} | {ms(r['p99'])} "
            f"| {r['errors']}{' ' + ','.join(r['error_kinds']) if r['errors'] else ''} "
            f"| {share:.2f} | {verdict(ok, f'load {name}')} |"
        )
    out()
    out("Target: public pages serve at least half the floor view's requests per second.")
    out()
    spread = burst["p99"] / burst["median"]
    overbooked = burst["confirmed"] > burst["capacity"]
    complete = burst["confirmed"] + burst["waiting"] == burst["requests"]
    out(
        f"Registration, 50 clients x 10 registrations at once (capacity {burst['capacity']}): "
        f"{burst['rps']:.0f} registrations/s, median {ms(burst['median'])} ms, p99 "
        f"{ms(burst['p99'])} ms (p99/median {spread:.1f}, target ≤ 5: {verdict(spread <= 5, 'burst p99/median')}); "
        f"errors {burst['errors']} ({verdict(burst['errors'] == 0, 'burst errors')}); confirmed "
        f"{burst['confirmed']}, waiting {burst['waiting']}, overbooked: "
        f"{'**yes**' if overbooked else 'no'} ({verdict(not overbooked and complete, 'no overbooking')})."
    )
    export_section(args, connection, data, clients, settings, log, out, url)


def export_section(args, connection, data, clients, settings, log, out, url) -> None:
    from django.urls import reverse

    log(f"Topping cases and survey responses up to {args.export_rows:,} for the CSV exports...")
    data.grow_cases_for_export(args.export_rows)
    data.grow_responses_for_export(args.export_rows)
    connection.close()
    survey = data.returnee_survey()
    cookie = f"{settings.SESSION_COOKIE_NAME}={clients['staff'].cookies[settings.SESSION_COOKIE_NAME].value}"
    exports = [
        (
            "case export CSV",
            reverse("contacts:case_export"),
            reverse("contacts:case_export") + "?status=closed",
        ),
        (
            "survey export CSV",
            reverse("surveys:export", args=[survey.slug]),
            reverse("surveys:export", args=[survey.slug]) + "?date_from=2100-01-01",
        ),
    ]
    out()
    out("## CSV exports: memory of the serving process (gunicorn, 1 worker)")
    out()
    out(
        "| export | rows | MB sent | seconds | within gunicorn's default 30 s timeout "
        "| peak RSS growth MB | target < 50 MB |"
    )
    out("|---|---:|---:|---:|---|---:|---|")
    # A long timeout here: the Procfile's gunicorn keeps the default 30 s (see the column).
    with Gunicorn(url, workers=1, timeout=900) as server:
        for name, path, warm in exports:
            try:
                r = export_memory(server, path, warm, cookie)
            except (OSError, http.client.HTTPException) as exc:
                log(f"  {name}: failed, {type(exc).__name__}: {exc}")
                out(f"| {name} | failed: {type(exc).__name__} | | | | | {verdict(False, name)} |")
                continue
            log(f"  {name}: {r['rows']:,} rows, +{r['growth']:.1f} MB")
            ok = r["status"] == 200 and r["growth"] < 50
            out(
                f"| {name} | {r['rows']:,} | {r['mb']:.1f} | {r['seconds']:.1f} "
                f"| {'yes' if r['seconds'] < 30 else '**no**'} | {r['growth']:.1f} "
                f"| {verdict(ok, f'export memory {name}')} |"
            )


if __name__ == "__main__":
    sys.exit(main())
