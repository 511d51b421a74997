"""A QR code for a page's address, so a reader can carry a record from a kiosk to a phone."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg


def qr_code_data_uri(url: str) -> str:
    """Return an SVG QR code of `url` as a data: URI for an <img>.

    SVG stays sharp when printed; medium error correction survives a smudged printout.
    """
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
