#!/usr/bin/env python3
"""Trunk post-build hook: writes the service worker (public/sw.js) into the build with the list
of every built file and a version derived from their contents."""
import hashlib
import json
import os
import pathlib

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
root = pathlib.Path(__file__).resolve().parent.parent
files, digest = [], hashlib.sha256()
# The build's compressed copies (.br, .gz) are the same files: the browser asks for those by
# name and the server picks the copy.
for path in sorted(
    p for p in staging.rglob("*") if p.is_file() and p.name != "sw.js" and p.suffix not in (".br", ".gz")
):
    rel = "/" + path.relative_to(staging).as_posix()
    files.append(rel)
    digest.update(rel.encode())
    digest.update(path.read_bytes())
files.append("/")
template = (root / "public" / "sw.js").read_text(encoding="utf-8")
worker = template.replace("__VERSION__", digest.hexdigest()[:16]).replace("__FILES__", json.dumps(files))
(staging / "sw.js").write_text(worker, encoding="utf-8")
print(f"service worker: {len(files)} files pre-cached, version {digest.hexdigest()[:16]}")
