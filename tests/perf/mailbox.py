"""The mailbox benchmark: `python -m tests.perf.mailbox` (part of `make bench`).

On a throw-away PostgreSQL database and a private Dovecot (tests/mailserver.py) it measures:

1. importing the office mailbox: 100 and then 10,000 messages (new questions, answers to our
   replies, auto-replies, delivery failures, a tenth with a PDF) in a worker process of its own:
   messages per second, the process's peak memory, and SQL queries per message, which must be
   the same at both sizes;
2. the case page with 200 e-mails on it against a case page with one phone call: queries (flat)
   and median server time.

A miss prints "miss" and is work to do, not an error. The report goes to var/bench/mailbox.md.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tests.perf.run import (
    REPORT_DIR,
    configure_environment,
    database_url,
    exit_status,
    machine,
    verdict,
)

PDF = b"%PDF-1.4\n" + b"0" * 20_000 + b"\n%%EOF\n"
PEOPLE = 500


def _message(i: int, people: list[tuple[str, int, str]]) -> bytes:
    """Message number `i` of a realistic mix; `people` are (address, case id, our Message-ID)."""
    kind = i % 20
    message = EmailMessage()
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(idstring=f"bench{i}", domain="mail.example.org")
    message["To"] = "kontakt@re-turn.example"
    if kind < 14:  # a new question from somebody new
        message["From"] = f"Osoba {i} <osoba{i}@mail.example.org>"
        message["Subject"] = f"Pytanie o uznanie kwalifikacji nr {i}"
        message.set_content(
            "Dzień dobry,\nwróciłem z Niemiec po pięciu latach i chciałbym zapytać o uznanie "
            "dyplomu technika.\nPozdrawiam\n" * 3
        )
    elif kind < 18:  # an answer to one of our replies
        address, case_id, our_id = people[i % len(people)]
        message["From"] = address
        message["Subject"] = f"Re: Odpowiedź [PPK-{case_id}]"
        message["In-Reply-To"] = our_id
        message["References"] = our_id
        message.set_content("Dziękuję, a jakie dokumenty są potrzebne?\n\n> W dniu ... pisze:\n")
    elif kind == 18:
        message["From"] = f"Osoba {i} <nieobecny{i}@mail.example.org>"
        message["Subject"] = "Automatyczna odpowiedź: urlop"
        message["Auto-Submitted"] = "auto-replied"
        message.set_content("Jestem na urlopie do poniedziałku.")
    else:  # a delivery failure of one of our replies (RFC 3464)
        address, _case_id, our_id = people[i % len(people)]
        return (
            "From: MAILER-DAEMON@mail.example.org\r\n"
            "To: kontakt@re-turn.example\r\n"
            f"Message-ID: <dsn{i}@mail.example.org>\r\n"
            "Subject: Undelivered Mail Returned to Sender\r\n"
            "MIME-Version: 1.0\r\n"
            'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n'
            "\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            "The mail system could not deliver your message.\r\n"
            "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; mail.example.org\r\n\r\n"
            f"Final-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"Message-ID: {our_id}\r\nSubject: Odpowiedz\r\n"
            "--b--\r\n"
        ).encode()
    if i % 10 == 0:
        message.add_attachment(
            PDF, maintype="application", subtype="pdf", filename=f"dyplom-{i}.pdf"
        )
    return message.as_bytes()


def _child(url: str) -> None:
    """Import the mailbox in this process and print what it cost, as JSON."""
    import django

    django.setup()
    from django.db import connection

    from contacts.mailbox import mailbox_import

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        counts = mailbox_import(url=url)
    seconds = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "counts": counts,
                "seconds": seconds,
                "queries": queries,
                "rss_before_kb": rss_before,
                "rss_peak_kb": rss_peak,
            }
        )
    )


def _count_queries(connection, client, url: str) -> int:
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(url)
    return count


def _import_in_child(url: str, database: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database}
    done = subprocess.run(
        [sys.executable, "-m", "tests.perf.mailbox", "--child", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the import failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _append(server, messages) -> float:
    started = time.perf_counter()
    imap = server.connect()
    try:
        for raw in messages:
            typ, data = imap.append("INBOX", None, None, raw)
            assert typ == "OK", data
    finally:
        imap.logout()
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30, help="timed case-page requests")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    configure_environment()
    os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="rp-bench-media-"))
    if args.child:
        _child(args.child)
        return 0

    from tests.mailserver import MailServer, dovecot_missing

    missing = dovecot_missing()
    if missing:
        print(f"The mailbox benchmark cannot run: {missing}.")
        return 1

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("The mailbox benchmark needs PostgreSQL (DATABASE_URL).")
        return 1
    original_name = connection.settings_dict["NAME"]
    print("Creating the benchmark database (migrations)...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    from django.core.management import call_command

    from tests.conftest import free_port

    call_command("collectstatic", interactive=False, verbosity=0)

    server = MailServer(free_port())
    server.start()
    try:
        lines = run(args, connection, server)
    finally:
        server.stop()
        connection.creation.destroy_test_db(original_name, verbosity=0)
    report = "\n".join(lines) + "\n"
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / "mailbox.md").write_text(report)
    print("\n" + report)
    return exit_status()


def run(args, connection, server) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from contacts import correspondence, services
    from contacts.models import Case, Contact, Person

    started_at = datetime.now(UTC)
    staff = get_user_model().objects.create_superuser("bench", "bench@example.org", "x" * 20)
    print(f"Opening {PEOPLE} cases with a reply each...", flush=True)
    people = []
    for n in range(PEOPLE):
        person = Person.objects.create(name=f"Osoba {n}", email=f"powrot{n}@mail.example.org")
        case = services.case_open(
            person=person, topics=["work"], channel="web_form", summary="Pytanie o pracę."
        )
        reply = correspondence.case_reply_send(
            case=case, staff=staff, subject="Odpowiedź", body="Dzień dobry, ...", language="pl"
        )
        people.append((person.email, case.pk, reply.message_id))

    database = database_url(connection)
    figures = {}
    for size in (100, args.messages):
        server.empty()
        offset = len(figures) * 1_000_000
        print(f"Appending {size:,} messages to Dovecot...", flush=True)
        append_seconds = _append(server, (_message(offset + i, people) for i in range(size)))
        print(f"  appended in {append_seconds:.0f} s; importing...", flush=True)
        figures[size] = _import_in_child(server.url, database)
        print(f"  {figures[size]}", flush=True)

    print("Timing the case page...", flush=True)
    person = Person.objects.create(name="Bench Thread", email="thread@mail.example.org")
    thread = services.case_open(
        person=person, topics=["work"], channel="email", summary="Pierwsze pytanie."
    )
    for n in range(199):
        services.case_log_contact(
            case=thread,
            channel="email",
            direction="out" if n % 2 else "in",
            summary=f"Wiadomość {n}\n" * 5,
            email_fields={
                "email_address": person.email,
                "subject": f"Re: sprawa {thread.reference}",
                "message_id": f"<thread-{n}@mail.example.org>",
                "quoted_text": "> poprzednia wiadomość\n" * 5,
            },
        )
    phone = services.case_open(
        person=Person.objects.create(name="Bench Phone"),
        topics=["work"],
        channel="phone",
        summary="Telefon w sprawie pracy.",
    )
    client = Client()
    client.force_login(staff)
    pages = {}
    for name, case in (("case page, 200 e-mails", thread), ("case page, one phone call", phone)):
        url = case.get_absolute_url()
        assert client.get(url).status_code == 200
        queries = _count_queries(connection, client, url)
        times = []
        for _ in range(args.requests):
            begun = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - begun)
        pages[name] = (queries, statistics.median(times), case.contacts.count())
    other = Case.objects.get(pk=people[0][1])
    short_thread_queries = _count_queries(connection, client, other.get_absolute_url())

    small, large = figures[100], figures[args.messages]
    per_small = small["queries"] / 100
    per_large = large["queries"] / args.messages
    lines = [
        f"# Mailbox benchmark, {started_at:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. PostgreSQL, a private Dovecot on loopback, the import in a "
        "process of its own (as the Celery worker runs it).",
        "",
        "## Importing the office mailbox",
        "",
        "| messages | seconds | messages/s | queries | queries/message | peak RSS MB | outcomes |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size, figure in figures.items():
        outcomes = ", ".join(f"{k} {v:,}" for k, v in sorted(figure["counts"].items()) if v)
        lines.append(
            f"| {size:,} | {figure['seconds']:.1f} | {size / figure['seconds']:.0f} "
            f"| {figure['queries']:,} | {figure['queries'] / size:.2f} "
            f"| {figure['rss_peak_kb'] / 1024:.0f} | {outcomes} |"
        )
    flat = abs(per_large - per_small) <= 0.5
    memory_growth = (large["rss_peak_kb"] - small["rss_peak_kb"]) / 1024
    lines += [
        "",
        f"Queries per message flat from 100 to {args.messages:,}: {verdict(flat, 'mailbox queries flat')} "
        f"({per_small:.2f} and {per_large:.2f}). Peak memory of the importing process: "
        f"{small['rss_peak_kb'] / 1024:.0f} MB at 100 messages, "
        f"{large['rss_peak_kb'] / 1024:.0f} MB at {args.messages:,} "
        f"(growth {memory_growth:.0f} MB; target under 50 MB: {verdict(memory_growth < 50, 'mailbox memory')}).",
        "",
        f"## The case page ({args.requests} timed requests, in-process)",
        "",
        "| page | contacts | queries | median ms |",
        "|---|---:|---:|---:|",
    ]
    for name, (count, median, contacts) in pages.items():
        lines.append(f"| {name} | {contacts} | {count} | {median * 1000:.1f} |")
    thread_queries = pages["case page, 200 e-mails"][0]
    lines += [
        "",
        f"A case with two e-mails runs {short_thread_queries} queries, the one with 200 runs "
        f"{thread_queries}: flat {verdict(short_thread_queries == thread_queries, 'case page queries flat')}.",
        f"Contacts in the database: {Contact.objects.count():,}.",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
