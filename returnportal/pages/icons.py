"""Draw the site's PNG icons and sharing image from the favicon's design (static/img/favicon.svg).

Run `python -m returnportal.pages.icons` after changing the design; the PNGs are committed.
Pure Python (no imaging library): each pixel's coverage comes from its distance to the shapes,
which also anti-aliases the edges.

The design, in the SVG's 32-unit square: a rounded square (corner radius 6) in the portal's
blue, and a white "R" stroked 3 units wide with round ends, drawn as the SVG path
`M9 23V9h7a5 5 0 0 1 0 10h-7m7 0 5 4`.
"""

import math
import struct
import sys
import zlib
from pathlib import Path

BLUE = (0x0B, 0x4F, 0x8A)
WHITE = (0xFF, 0xFF, 0xFF)
STROKE_RADIUS = 1.5
# The R's straight strokes, and its bowl: the right half of a circle.
SEGMENTS = (((9, 23), (9, 9)), ((9, 9), (16, 9)), ((16, 19), (9, 19)), ((16, 19), (21, 23)))
BOWL_CENTRE, BOWL_RADIUS = (16, 14), 5
STATIC_IMG = Path(__file__).resolve().parents[2] / "static" / "img"


def _segment_distance(x: float, y: float, a, b) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - ax - t * dx, y - ay - t * dy)


def _stroke_distance(x: float, y: float) -> float:
    """Distance from (x, y), in design units, to the middle line of the R's stroke."""
    cx, cy = BOWL_CENTRE
    if x >= cx:
        bowl = abs(math.hypot(x - cx, y - cy) - BOWL_RADIUS)
    else:  # left of the bowl's centre the nearest point of the half circle is an end
        bowl = min(
            math.hypot(x - cx, y - cy + BOWL_RADIUS), math.hypot(x - cx, y - cy - BOWL_RADIUS)
        )
    return min(bowl, *(_segment_distance(x, y, a, b) for a, b in SEGMENTS))


def _rounded_square_distance(x: float, y: float, radius: float = 6) -> float:
    """Signed distance to the 32-unit rounded square (negative inside)."""
    qx, qy = abs(x - 16) - (16 - radius), abs(y - 16) - (16 - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def _coverage(signed_distance: float, unit: float) -> float:
    """How much of a pixel `unit` design units wide lies inside a shape."""
    return max(0.0, min(1.0, 0.5 - signed_distance / unit))


def _mix(a: tuple, b: tuple, amount: float) -> tuple:
    return tuple(round(p + (q - p) * amount) for p, q in zip(a, b, strict=True))


def draw(width: int, height: int, *, mark: int, rounded: bool) -> list[bytes]:
    """RGBA rows: the mark `mark` pixels tall, centred; corners transparent when `rounded`."""
    unit = 32 / mark
    left, top = (width - mark) / 2, (height - mark) / 2
    rows = []
    for row in range(height):
        y = (row + 0.5 - top) * unit
        pixels = bytearray()
        for column in range(width):
            x = (column + 0.5 - left) * unit
            alpha = 1.0
            if rounded:
                alpha = _coverage(_rounded_square_distance(x, y), unit)
            colour = BLUE
            if alpha and -2 < x < 34 and -2 < y < 34:
                ink = _coverage(_stroke_distance(x, y) - STROKE_RADIUS, unit)
                colour = _mix(BLUE, WHITE, ink)
            pixels += bytes((*colour, round(alpha * 255)))
        rows.append(bytes(pixels))
    return rows


def png(rows: list[bytes], width: int, height: int) -> bytes:
    """An RGBA PNG file (8 bits a channel, no filtering)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = zlib.compress(b"".join(b"\0" + row for row in rows), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


# file name: (width, height, mark size, transparent rounded corners)
IMAGES = {
    "icon-192.png": (192, 192, 192, True),
    "icon-512.png": (512, 512, 512, True),
    # iOS rounds the corners itself and shows transparency as black: a full square.
    "apple-touch-icon.png": (180, 180, 180, False),
    # The picture shown when a page is shared (the recommended 1200 x 630).
    "share.png": (1200, 630, 440, False),
}


def main(directory: Path = STATIC_IMG) -> None:
    for name, (width, height, mark, rounded) in IMAGES.items():
        rows = draw(width, height, mark=mark, rounded=rounded)
        (directory / name).write_bytes(png(rows, width, height))
        sys.stdout.write(f"{directory / name} {width}x{height}\n")


if __name__ == "__main__":
    main()
