#!/usr/bin/env python3
"""Serves dist/ on 127.0.0.1 for GNBV Planner: static files, and index.html for the app's own
routes (/funding, /data, …) so that a bookmarked screen loads. Usage: serve.py DIR PORT.

- Compressed: wasm, JavaScript, CSS, HTML, SVG and JSON go compressed to a browser that
  accepts it, with `Content-Encoding` and `Vary: Accept-Encoding`: brotli where the build
  wrote a `.br` copy (scripts/precompress.mjs, quality 11) and the browser accepts `br`, else
  gzip (the build's `.gz` copy, or made here at level 9 once per file version and kept in
  memory for a directory without copies).
- Cached: files whose name carries trunk's content hash (`name-0123456789abcdef.ext`) are
  immutable for a year; everything else is revalidated on every visit (`no-cache`), so a new
  build is seen at once: every answer has an `ETag` (per file version and coding) and a
  `Last-Modified`, and a request that names the first (`If-None-Match`), or else is not older
  than the second (`If-Modified-Since`), gets `304 Not Modified` and no body.
- A Content-Security-Policy that allows nothing from elsewhere: scripts from the app's origin
  and the inline scripts of index.html by their SHA-256 hashes (no `unsafe-inline`),
  WebAssembly compilation, workers from the origin, no plugins, no framing."""
import base64
import functools
import gzip
import hashlib
import http.server
import os
import re
import sys

COMPRESSIBLE = {".wasm", ".js", ".css", ".html", ".svg", ".json", ".webmanifest"}
# Trunk writes its 64-bit content hash in hex without leading zeros: 1 to 16 digits (one
# build in sixteen has fewer than 16).
HASHED = re.compile(r"-[0-9a-f]{1,16}(_bg)?\.[a-z]+$")
INLINE_SCRIPT = re.compile(rb"<script(?:\s[^>]*)?>(.*?)</script>", re.S)

_gzip_cache = {}


def gzipped(path):
    """The gzip bytes of a file, made once per (path, size, mtime)."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _gzip_cache:
        with open(path, "rb") as f:
            _gzip_cache[key] = gzip.compress(f.read(), compresslevel=9, mtime=0)
    return _gzip_cache[key]


def accepted(header):
    """The content codings an Accept-Encoding header accepts (those not refused with q=0)."""
    codings = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip()
        if q.startswith("q="):
            try:
                if float(q[2:]) == 0:
                    continue
            except ValueError:
                continue
        if name.strip():
            codings.add(name.strip().lower())
    return codings


def compressed(path, codings):
    """(body, coding) of a compressible file for a browser accepting `codings`."""
    for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
        if coding in codings and os.path.isfile(path + suffix):
            with open(path + suffix, "rb") as f:
                return f.read(), coding
    if "gzip" in codings:
        return gzipped(path), "gzip"
    with open(path, "rb") as f:
        return f.read(), None


def content_security_policy(directory):
    """The policy, with the hash of every inline script of index.html."""
    try:
        with open(os.path.join(directory, "index.html"), "rb") as f:
            html = f.read()
    except OSError:
        html = b""
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(body).digest()).decode()
        for body in INLINE_SCRIPT.findall(html)
        if body.strip()
    )
    return (
        "default-src 'self'; "
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
        "worker-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
        "connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    # HTTP/1.1: Chromium takes an ETag as a validator only from an HTTP/1.1 answer (every
    # answer here has a Content-Length, so connections can be kept open).
    protocol_version = "HTTP/1.1"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
                      ".js": "text/javascript"}

    def send_head(self):
        path = self.translate_path(self.path)
        if not os.path.exists(path) and "." not in os.path.basename(self.path.split("?")[0]):
            self.path = "/index.html"
            path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        ext = os.path.splitext(path)[1]
        coding = None
        if ext in COMPRESSIBLE:
            body, coding = compressed(path, accepted(self.headers.get("Accept-Encoding", "")))
        else:
            with open(path, "rb") as f:
                body = f.read()
        immutable = HASHED.search(os.path.basename(path)) is not None
        cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
        stat = os.stat(path)
        etag = '"%x-%x-%s"' % (stat.st_size, stat.st_mtime_ns, coding or "identity")
        modified = self.date_time_string(int(stat.st_mtime))
        if "If-None-Match" in self.headers:
            unchanged = etag in [t.strip() for t in self.headers["If-None-Match"].split(",")]
        else:
            unchanged = self.headers.get("If-Modified-Since") == modified
        if unchanged:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", cache)
            if ext in COMPRESSIBLE:
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        if ext in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
            if coding:
                self.send_header("Content-Encoding", coding)
        self.send_header("Cache-Control", cache)
        if ext == ".html":
            self.send_header("Content-Security-Policy", content_security_policy(self.directory))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler's copyfile."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def read(self, n=-1):
        end = len(self.data) if n < 0 else self.pos + n
        chunk = self.data[self.pos:end]
        self.pos += len(chunk)
        return chunk

    def close(self):
        pass


if __name__ == "__main__":
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(Handler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()
