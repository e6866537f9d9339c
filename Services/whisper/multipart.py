"""A small, strict multipart/form-data parser (RFC 7578) for the transcription endpoint.

The stdlib `cgi` module is deprecated (removed in Python 3.13), so the body is split by hand.
"""
from __future__ import annotations

from dataclasses import dataclass


class MultipartError(ValueError):
    """Malformed multipart body (reported to the client as HTTP 400)."""


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes

    def text(self) -> str:
        try:
            return self.data.decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            raise MultipartError(f"form field {self.name!r} is not UTF-8") from exc


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """Splits `form-data; name="file"; filename="a.wav"` into ("form-data", {...})."""
    pieces = []
    current, quoted, escaped = [], False, False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    params = {}
    for piece in pieces[1:]:
        if "=" in piece:
            key, _, val = piece.partition("=")
            params[key.strip().lower()] = val.strip()
    return pieces[0].strip().lower(), params


def boundary_from_content_type(content_type: str | None) -> bytes:
    if not content_type:
        raise MultipartError("missing Content-Type (expected multipart/form-data)")
    kind, params = _header_params(content_type)
    if kind != "multipart/form-data":
        raise MultipartError(f"expected multipart/form-data, got {kind!r}")
    boundary = params.get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise MultipartError("multipart boundary missing or too long")
    return boundary.encode("latin-1")


def parse_multipart(body: bytes, content_type: str | None) -> dict[str, list[Part]]:
    """Parses a multipart/form-data body into {field name: [parts]}. Raises MultipartError."""
    boundary = boundary_from_content_type(content_type)
    delimiter = b"--" + boundary
    start = body.find(delimiter)
    if start < 0:
        raise MultipartError("multipart boundary not found in body")
    fields: dict[str, list[Part]] = {}
    pos = start + len(delimiter)
    closed = False
    while True:
        if body[pos:pos + 2] == b"--":
            closed = True
            break
        if body[pos:pos + 2] != b"\r\n":
            raise MultipartError("malformed multipart delimiter line")
        pos += 2
        header_end = body.find(b"\r\n\r\n", pos)
        if header_end < 0:
            raise MultipartError("multipart part without header terminator")
        headers = {}
        for line in body[pos:header_end].split(b"\r\n"):
            if not line:
                continue
            key, sep, value = line.partition(b":")
            if not sep:
                raise MultipartError("malformed multipart header line")
            headers[key.decode("latin-1").strip().lower()] = value.decode("utf-8", "replace").strip()
        data_start = header_end + 4
        next_delim = body.find(b"\r\n" + delimiter, data_start)
        if next_delim < 0:
            raise MultipartError("multipart body truncated (no closing boundary)")
        disposition, params = _header_params(headers.get("content-disposition", ""))
        if disposition != "form-data" or "name" not in params:
            raise MultipartError("multipart part without Content-Disposition: form-data; name=...")
        part = Part(params["name"], params.get("filename"), headers.get("content-type"), body[data_start:next_delim])
        fields.setdefault(part.name, []).append(part)
        pos = next_delim + 2 + len(delimiter)
    if not closed:
        raise MultipartError("multipart body not closed")
    return fields
