"""A private Dovecot IMAP server on loopback for the mailbox tests (see STACK-NOTES, Dovecot)."""

import imaplib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

USER = "office@re-turn.example"
PASSWORD = "p@ss/word%1"  # characters that must be URL-encoded in MAILBOX_URL

CONFIG = """\
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 100
mail_location = maildir:{dir}/mail/%u
mail_fsync = never
# No delay after the wrong-password test, and no penalty for the logins after it (the
# penalty socket's mode 0 below turns the penalty off).
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={dir}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def dovecot_missing() -> str:
    """Why a private Dovecot cannot run here, or "" when it can."""
    if not (shutil.which("dovecot", path="/usr/sbin:/usr/bin:/sbin") and shutil.which("doveadm")):
        return "the IMAP tests need Dovecot (apt-get install dovecot-imapd)"
    if os.geteuid() != 0:
        return "the private Dovecot runs as root (it switches to the dovecot user for mail)"
    return ""


class MailServer:
    """One Dovecot instance with one user, started and stopped by the session fixture."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="rp-dovecot-", dir="/tmp"))
        self.config = self.dir / "dovecot.conf"
        self.log = self.dir / "dovecot.log"

    @property
    def url(self) -> str:
        return (
            f"imap://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@127.0.0.1:{self.port}/INBOX"
        )

    def start(self, timeout: float = 15) -> None:
        # The dovecot user reads the passwd file and writes the mail store.
        self.dir.chmod(0o755)
        (self.dir / "mail").mkdir()
        (self.dir / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        self.config.write_text(CONFIG.format(dir=self.dir, port=self.port))
        shutil.chown(self.dir / "mail", "dovecot", "dovecot")
        dovecot = shutil.which("dovecot", path="/usr/sbin:/usr/bin:/sbin")
        with open(self.dir / "startup.log", "wb") as out:
            # Dovecot daemonises; a pipe for its output would stay open and hang this call.
            started = subprocess.run(
                [dovecot, "-c", str(self.config)], stdout=out, stderr=subprocess.STDOUT
            )
        if started.returncode != 0:
            raise RuntimeError(f"dovecot did not start:\n{self.logs()}")
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.connect().logout()
                return
            except (OSError, imaplib.IMAP4.error) as error:
                if time.monotonic() > deadline:
                    logs = self.logs()
                    self.stop()
                    raise RuntimeError(f"dovecot did not answer in {timeout} s:\n{logs}") from error
                time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(
            ["doveadm", "-c", str(self.config), "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-4000:]
            for path in (self.dir / "startup.log", self.log)
            if path.exists()
        )

    def connect(self) -> imaplib.IMAP4:
        """A logged-in connection of the test's own, INBOX selected."""
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        imap.select("INBOX")
        return imap

    def empty(self) -> None:
        """Delete every message of the INBOX."""
        imap = self.connect()
        try:
            _typ, data = imap.search(None, "ALL")
            if data[0]:
                imap.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                imap.expunge()
        finally:
            imap.logout()

    def append(self, *messages: bytes, flags: str = "") -> list[int]:
        """APPEND raw messages to the INBOX; their UIDs."""
        imap = self.connect()
        uids = []
        try:
            for raw in messages:
                typ, data = imap.append("INBOX", f"({flags})" if flags else None, None, raw)
                assert typ == "OK", data
                uids.append(int(re.search(rb"APPENDUID \d+ (\d+)", data[0])[1]))
        finally:
            imap.logout()
        return uids

    def flags(self) -> dict[int, set[str]]:
        """{UID: flags} of every message of the INBOX."""
        imap = self.connect()
        try:
            _typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
        finally:
            imap.logout()
        found = {}
        for line in data:
            if not line:
                continue
            uid = re.search(rb"UID (\d+)", line)
            flags = re.search(rb"FLAGS \(([^)]*)\)", line)
            found[int(uid[1])] = set(flags[1].decode().split())
        return found


def silent_server() -> tuple[socket.socket, int]:
    """A listening socket that accepts connections and never says a word; (socket, port)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock, sock.getsockname()[1]
