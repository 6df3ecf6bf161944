"""The sign-in flood: `python -m tests.perf.flood` (`make bench-flood`).

gunicorn (two sync workers) on 127.0.0.1 and a throw-away test database, as `make bench` runs
them. It measures the home page's throughput alone, then again while one client sends sign-ins
with random user names over 16 connections (issue 14's probe), and reports the ratio. Target:
the home page keeps >= 50 % of its throughput. The exit status is 1 when the target is missed.

`--no-guard` raises the per-address sign-in limit out of reach: the same flood against the
portal without that guard, to show what the guard is worth.
"""

import argparse
import multiprocessing
import os
import sys
import time
import urllib.parse
import uuid

from tests.perf.run import (
    Gunicorn,
    configure_environment,
    csrf_for,
    database_url,
    load,
    request,
)

TARGET = 0.5


def flood(port: int, seconds: float, connections: int, queue) -> None:
    """One attacker: sign-ins with random user names, `connections` at once (own process)."""
    cookie, token = csrf_for(port, "/accounts/login/")

    def sign_in(worker: int, n: int):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": f"nobody-{uuid.uuid4().hex[:10]}",
                "password": "not the password",
            }
        )
        headers = {
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return "POST", "/accounts/login/", body, headers

    queue.put(load(port, sign_in, seconds=seconds, clients=connections, expect=429))


def wait_until_limited(port: int, timeout: float) -> float:
    """Seconds until a sign-in from this address (the attacker's, 127.0.0.1) gets 429."""
    cookie, token = csrf_for(port, "/accounts/login/")
    started = time.perf_counter()
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "probe", "password": "not the password"}
    )
    headers = {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
    while time.perf_counter() - started < timeout:
        status, _body, _headers = request(
            "127.0.0.1", port, "POST", "/accounts/login/", body=body, headers=headers, timeout=60
        )
        if status == 429:
            return time.perf_counter() - started
        time.sleep(0.5)
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8, help="home-page clients")
    parser.add_argument("--connections", type=int, default=16, help="attacker's connections")
    parser.add_argument(
        "--flood-warmup",
        type=float,
        default=10,
        help="seconds of flood the attacker adds for the start (until its address is limited: "
        "its first SIGNIN_ADDRESS_RATE failures are hashed); the figure is the steady state",
    )
    parser.add_argument("--no-guard", action="store_true")
    parser.add_argument("--limit-wait", type=float, default=60)
    args = parser.parse_args(argv)

    os.environ["RATELIMIT_ENABLE"] = "1"  # the bench turns limits off; here they are the point
    os.environ.setdefault("CACHE_KEY_PREFIX", f"flood-{uuid.uuid4().hex[:8]}")
    if args.no_guard:
        os.environ["SIGNIN_ADDRESS_RATE"] = "100000000/15m"
        os.environ["SIGNIN_USERNAME_RATE"] = "100000000/15m"
    configure_environment()
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("The flood test needs PostgreSQL (DATABASE_URL).")
        return 2
    original_name = connection.settings_dict["NAME"]
    print("Creating the benchmark database (migrations)...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        url = database_url(connection)
        connection.close()
        home = ("GET", "/", None, {})
        with Gunicorn(url, workers=2) as server:
            load(server.port, lambda w, n: home, seconds=2, clients=2, expect=200)  # warm up
            alone = load(
                server.port,
                lambda w, n: home,
                seconds=args.seconds,
                clients=args.clients,
                expect=200,
            )
            print(f"  home page alone: {alone['rps']:.0f} requests/s", flush=True)
            queue = multiprocessing.Queue()
            attacker = multiprocessing.Process(
                target=flood,
                args=(server.port, args.flood_warmup + args.seconds + 1, args.connections, queue),
            )
            attacker.start()
            limited_after = wait_until_limited(server.port, args.limit_wait)
            print(f"  the address was limited after {limited_after:.1f} s of flood", flush=True)
            during = load(
                server.port,
                lambda w, n: home,
                seconds=args.seconds,
                clients=args.clients,
                expect=200,
            )
            attack = queue.get(timeout=args.flood_warmup + args.seconds + 120)
            attacker.join()
            again = load(
                server.port,
                lambda w, n: home,
                seconds=args.seconds,
                clients=args.clients,
                expect=200,
            )
            print(f"  home page alone again: {again['rps']:.0f} requests/s", flush=True)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    # Against the mean of before and after: the shared machine's load drifts.
    ratio = during["rps"] / ((alone["rps"] + again["rps"]) / 2)
    verdict = "pass" if ratio >= TARGET else "miss"
    guard = "without the per-address guard" if args.no_guard else "with the guards"
    print()
    print(f"## Sign-in flood ({guard}; gunicorn, 2 sync workers, {args.clients} home-page clients)")
    print()
    print("| | home requests/s | median ms | p99 ms | errors |")
    print("|---|---|---|---|---|")
    rows = (("home page alone", alone), ("during the flood", during), ("alone again", again))
    for name, r in rows:
        print(
            f"| {name} | {r['rps']:.0f} | {r['median'] * 1000:.1f} | {r['p99'] * 1000:.1f} "
            f"| {r['errors']} |"
        )
    print()
    print(
        f"Attacker (whole run, warm-up included): {attack['requests']} sign-ins over {args.connections} connections, "
        f"{attack['rps']:.0f}/s, p99 {attack['p99'] * 1000:.0f} ms; answers other than 429: "
        f"{attack['errors']} ({', '.join(attack['error_kinds']) or 'none'}; a 200 is a hashed try)."
    )
    print(f"Ratio {ratio:.0%} (target >= {TARGET:.0%}): {verdict}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
