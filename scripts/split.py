#!/usr/bin/env python3
"""Trunk post-build hook: cuts the page's WebAssembly into the page and the screens' parts.

Trunk builds the page (`gnbv-app`, with the `split` feature) but cannot split it, so this step
redoes the page's last steps on the same linked module (cargo's output, kept with its
relocations by `app/build.rs`):

1. `wasm-split-cli` cuts it at the split points (`app/src/routes.rs`): the page keeps what it
   needs at the start; each screen's code, and whatever only that screen uses, goes into a
   part of its own; code that several screens share goes into shared parts; a small JS module
   loads a screen's parts when it is first shown.
2. `wasm-bindgen` makes the page's JS glue for the page's part, as trunk did for the whole.
3. `wasm-opt -Oz` (release builds) optimises the page and every part (trunk's own wasm-opt
   step is off for the page: `data-wasm-opt="0"` in index.html).
4. Every file it writes gets a name with its content's hash (the server caches such names for
   a year), and the names are written into the files that load them: the parts into the
   loader module, the loader module and the page's wasm into the page's JS glue, the glue
   into the loader module and index.html. Trunk's own page JS and wasm are removed.

The split points are `part!`s (`app/src/parts.rs`): the screens (`routes.rs`), the share
link's code and the reading of stored work (`persist.rs`). Runs before the service worker's
file list is written (`precache.py`), so the parts are kept for offline use.
"""
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

BINDGEN = "0.2.130"
WASM_OPT = "version 132"
OPT_FLAGS = ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int"]

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
release = os.environ.get("TRUNK_PROFILE", "release") == "release"
root = pathlib.Path(__file__).resolve().parent.parent


def fail(message):
    print(f"split.py: {message}", file=sys.stderr)
    sys.exit(1)


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def tool(name, version):
    path = shutil.which(name)
    if path is None:
        fail(f"{name} is not installed: run scripts/setup.sh")
    if version is None:
        return path
    found = run([path, "--version"])
    if version not in found:
        fail(f"{name} is {found.strip()}, this build needs {version}: run scripts/setup.sh")
    return path


def linked_page():
    """The page's linked module, as cargo built it for trunk (a no-op build: it is fresh)."""
    args = ["cargo", "build", "--offline", "--target", "wasm32-unknown-unknown", "-p", "gnbv-app",
            "--bin", "gnbv-app", "--features", "split", "--message-format", "json-render-diagnostics"]
    if release:
        args += ["--profile", "page"]  # app/index.html: data-cargo-profile-release="page"
    for line in run(args, cwd=root).splitlines():
        message = json.loads(line) if line.startswith("{") else {}
        if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "gnbv-app":
            if message.get("executable"):
                return pathlib.Path(message["executable"])
    fail("cargo did not name the page's wasm")


def digest(data):
    """The content's hash in a file name: SHA-256, 16 hex digits."""
    return hashlib.sha256(data).hexdigest()[:16]


def hashed(path, stem):
    """Renames `path` to `stem-<hash>.<ext>`."""
    target = path.with_name(f"{stem}-{digest(path.read_bytes())}{path.suffix}")
    path.rename(target)
    return target.name


def main():
    pages = sorted(staging.glob("gnbv-app-*_bg.wasm"))
    if len(pages) != 1:
        fail(f"expected one page wasm in {staging}, found {[p.name for p in pages]}")
    stem = pages[0].name[: -len("_bg.wasm")]
    splitter = tool("wasm-split-cli", None)  # no --version: setup.sh installs 0.2.4
    bindgen = tool("wasm-bindgen", BINDGEN)
    optimiser = tool("wasm-opt", WASM_OPT) if release else None
    module = linked_page()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        cut, glue = tmp / "cut", tmp / "glue"
        run([splitter, module, cut, "--out-name", stem, "--target", "web"])
        run([bindgen, "--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript",
             "--out-name", stem, "--out-dir", glue, cut / f"{stem}.wasm"])
        page_wasm, page_js = glue / f"{stem}_bg.wasm", glue / f"{stem}.js"
        parts = sorted(p for p in cut.glob("*.wasm") if p.name != f"{stem}.wasm")
        if not parts:
            fail("the splitter found no split point: is the page built with the `split` feature?")
        if optimiser:
            # The page first (the longest), then the parts, on every core.
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                list(pool.map(lambda w: run([optimiser, *OPT_FLAGS, w, "-o", w]), [page_wasm, *parts]))
        # The parts' names: `split_<name>.wasm` for a screen's own part, `chunk_<n>.wasm` for one
        # that several screens share.
        loader = (cut / "__wasm_split.js").read_text(encoding="utf-8")
        names = {}
        for part in parts:
            readable = re.sub(r"^split_", "", part.stem).replace("_", "-")
            if not readable.startswith("gnbv-"):
                readable = f"gnbv-{readable}"
            names[part.name] = hashed(part, readable)
            quoted = f'"./{part.name}"'
            if quoted not in loader:
                fail(f"the loader module does not name {part.name}")
            loader = loader.replace(quoted, f'"./{names[part.name]}"')
        if f'"./{stem}.js"' not in loader:
            fail("the loader module does not import the page's JS glue")
        # The glue imports the loader module and the loader module imports the glue: the glue's
        # name hashes the glue without the loader's name and the loader without the glue's, so
        # that any change to either renames both.
        wasm_name = f"gnbv-app-{digest(page_wasm.read_bytes())}_bg.wasm"
        js = page_js.read_text(encoding="utf-8")
        for needed in (f"{stem}_bg.wasm", 'from "./__wasm_split.js"'):
            if needed not in js:
                fail(f"the page's JS glue does not name {needed}")
        js = js.replace(f"{stem}_bg.wasm", wasm_name)
        glue_stem = f"gnbv-app-{digest((js + loader).encode())}"
        loader_path = cut / "gnbv-app-split.js"
        loader_path.write_text(loader.replace(f'"./{stem}.js"', f'"./{glue_stem}.js"'), encoding="utf-8")
        loader_name = hashed(loader_path, "gnbv-app-split")
        # Only the JS imports are renamed: the wasm's imports keep the module's first name,
        # which the glue's imports object uses as keys.
        js = js.replace('from "./__wasm_split.js"', f'from "./{loader_name}"')
        index = staging / "index.html"
        html = index.read_text(encoding="utf-8")
        for name in (f"{stem}.js", f"{stem}_bg.wasm"):
            if name not in html:
                fail(f"index.html does not name {name}")
        html = html.replace(f"{stem}_bg.wasm", wasm_name).replace(f"{stem}.js", f"{glue_stem}.js")
        (staging / f"{stem}.js").unlink()
        (staging / f"{stem}_bg.wasm").unlink()
        shutil.copyfile(page_wasm, staging / wasm_name)
        (staging / f"{glue_stem}.js").write_text(js, encoding="utf-8")
        index.write_text(html, encoding="utf-8")
        shutil.copyfile(cut / loader_name, staging / loader_name)
        for part in parts:
            shutil.copyfile(cut / names[part.name], staging / names[part.name])
        size = sum((cut / n).stat().st_size for n in names.values())
        print(f"split: the page {wasm_name} {page_wasm.stat().st_size} bytes, {len(parts)} parts "
              f"{size} bytes, loaded by {loader_name}")


main()
