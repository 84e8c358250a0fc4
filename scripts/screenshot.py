"""Make docs/sample-graph.png: the bundled sample's deal graph, as headless Chromium draws it.

    .venv/bin/python scripts/screenshot.py [--output docs/sample-graph.png]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "immunogen_2004-10-06_8-K.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=ROOT / "docs" / "sample-graph.png")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("no Chromium found: install the distribution's 'chromium' package")
    dealgraph = Path(sys.executable).with_name("dealgraph")
    with tempfile.TemporaryDirectory() as tmp:
        store, page = Path(tmp) / "store", Path(tmp) / "sample.html"
        subprocess.run([dealgraph, "--store", store, "ingest", "--quiet", SAMPLE], check=True)
        subprocess.run([dealgraph, "--store", store, "viz", "--output", page], check=True)
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                        "--window-size=1200,800", "--virtual-time-budget=8000",
                        f"--screenshot={args.output.resolve()}", page.as_uri()],
                       check=True, capture_output=True)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
