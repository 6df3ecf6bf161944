"""The sign-in flood: `python -m tests.perf.flood` (`make bench-flood`).

gunicorn (two sync workers) on 127.0.0.1 and a throw-away test database, as `make bench` runs
them. It measures the home page's throughput alone, then again while one client sends sign-ins
with random user names over 16 connections (issue 14's probe), and reports the ratio. Target:
the home page keeps >= 50 % of its throughput. The exit status is 1 when the target is missed.

The flood first runs until its address is limited (its first SIGNIN_ADDRESS_RATE failures are
hashed, a one-off cost per 15 minutes); then rounds alternate "alone" and "during the flood",
each flood round compared with the figures either side of it (the machine's load drifts), and
the median ratio is the figure.

`--no-guard` raises the per-address sign-in limit out of reach: the same flood against the
portal without that guard, to show what the guard is worth.
"""

import argparse
import multiprocessing
import os
import statistics
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
    headers = {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
    while time.perf_counter() - started < timeout:
        # A new user name each time, or axes' own (user name, address) lockout would answer.
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": f"probe-{uuid.uuid4().hex[:10]}",
                "password": "not the password",
            }
        )
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
    parser.add_argument("--no-guard", action="store_true")
    parser.add_argument("--limit-wait", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=3)
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

            def home_load() -> dict:
                return load(
                    server.port,
                    lambda w, n: home,
                    seconds=args.seconds,
                    clients=args.clients,
                    expect=200,
                )

            load(server.port, lambda w, n: home, seconds=2, clients=2, expect=200)  # warm up
            # The flood's start: its first SIGNIN_ADDRESS_RATE failures are hashed.
            queue = multiprocessing.Queue()
            warmup = multiprocessing.Process(
                target=flood, args=(server.port, args.limit_wait, args.connections, queue)
            )
            warmup.start()
            limited_after = wait_until_limited(server.port, args.limit_wait)
            warmup.terminate()
            warmup.join()
            print(f"  the address was limited after {limited_after:.1f} s of flood", flush=True)
            # Then rounds of alone / during the flood, alternated: the shared machine's load
            # drifts, so each "during" is compared with the "alone" figures on either side.
            alone, during, attacks = [home_load()], [], []
            for _round in range(args.rounds):
                attacker = multiprocessing.Process(
                    target=flood, args=(server.port, args.seconds + 1.5, args.connections, queue)
                )
                attacker.start()
                time.sleep(0.5)
                during.append(home_load())
                attacks.append(queue.get(timeout=args.seconds + 120))
                attacker.join()
                alone.append(home_load())
                print(
                    f"  alone {alone[-2]['rps']:.0f}/s, during the flood {during[-1]['rps']:.0f}/s,"
                    f" alone {alone[-1]['rps']:.0f}/s",
                    flush=True,
                )
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    ratios = [
        d["rps"] / ((before["rps"] + after["rps"]) / 2)
        for d, before, after in zip(during, alone, alone[1:], strict=False)
    ]
    ratio = statistics.median(ratios)
    verdict = "pass" if ratio >= TARGET else "miss"
    guard = "without the per-address guard" if args.no_guard else "with the guards"
    print()
    print(
        f"## Sign-in flood ({guard}; gunicorn, 2 sync workers, {args.clients} home-page clients, "
        f"{args.connections} attacker connections, {args.seconds:.0f} s a measurement)"
    )
    print()
    print(
        "| round | home alone (before, after) req/s | home during the flood req/s | p99 ms "
        "| ratio | attacker sign-ins/s | attacker answers other than 429 |"
    )
    print("|---|---|---|---|---|---|---|")
    for n, (d, attack, r) in enumerate(zip(during, attacks, ratios, strict=False), start=1):
        print(
            f"| {n} | {alone[n - 1]['rps']:.0f}, {alone[n]['rps']:.0f} | {d['rps']:.0f} "
            f"| {d['p99'] * 1000:.0f} | {r:.0%} | {attack['rps']:.0f} | {attack['errors']} |"
        )
    print()
    print(f"Before the rounds the attacker's address was limited after {limited_after:.1f} s.")
    print(f"Ratio (median of the rounds) {ratio:.0%} (target >= {TARGET:.0%}): {verdict}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
