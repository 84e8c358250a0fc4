"""Extraction stays linear on hostile input: no pattern may backtrack without bound."""

import time

from dealgraph.loaders.extract import extract

from .conftest import make_filing


def _adversarial(size: int = 1_000_000) -> str:
    parts = [
        "$" * 5000,
        " ",
        "9" * 5000,
        ",",
        "1," * 2000,
        " million " * 500,
        " ".join(["Alpha"] * 4000),
        " (",
        "(" * 3000,
        "Beta Gamma Delta " * 1500,
        "Inc. " * 1000,
        '"' * 2000,
        "“" * 1000,
        "ORG1 " * 1000,
        "up to " * 800,
        "upon achievement of " * 500,
        "licensed to " * 800,
        "[***] " * 1000,
        "January 1, " * 800,
        "12/12/" * 500,
        ". " * 2000,
        "A. B. C. " * 1000,
        "-" * 5000,
        "\t" * 2000,
    ]
    block = "".join(parts)
    lines = []
    while sum(len(x) for x in lines) < size:
        lines.append(block)
        lines.append("\n")
    return "".join(lines)[:size]


def test_one_megabyte_of_hostile_text_is_fast():
    text = _adversarial()
    assert len(text) >= 999_000
    started = time.perf_counter()
    extract(make_filing(text))
    assert time.perf_counter() - started < 60


def test_the_cycle_collector_is_left_as_it_was_found():
    import gc
    from concurrent.futures import ThreadPoolExecutor

    filing = make_filing("Acme Bio, Inc. entered into a license agreement with Beta Pharma Ltd.")
    assert gc.isenabled()
    extract(filing)
    assert gc.isenabled()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: extract(filing), range(16)))
    assert gc.isenabled()
    gc.disable()
    try:
        extract(filing)
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
