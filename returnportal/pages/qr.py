"""QR codes drawn on the server as inline SVG (no request leaves the site, no script needed)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, title: str = "") -> SafeString:
    """An <svg> QR code of the URL, scaling to its container (the caller sets its size in CSS)."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(
        scale=10,
        border=2,
        dark="#000",
        light="#fff",
        omitsize=True,
        title=title or url,  # a named image: the page's title, or else the address it encodes
        svgclass=None,  # the class is set below: two class attributes are invalid HTML
    )
    # segno's own markup, with nothing from the visitor in it but the encoded URL's bits.
    return mark_safe(svg.replace("<svg ", '<svg class="qr-code" role="img" focusable="false" ', 1))
