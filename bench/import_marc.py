"""Benchmark: MARC import speed against bare pymarc parsing of the same file.

Builds N records (default 100,000) by varying Evergreen's jazz_1k and lul_fre_500 (new 001,
245 $a, 020 and 949 barcodes, so nothing de-duplicates), keeps them in MARC-8 as the
originals are (or, with --utf8, converts them to UTF-8 with leader/09 "a": the common case,
where bare pymarc does not pay for MARC-8 decoding), times `pymarc.MARCReader` over the file, then imports it into a fresh SQLite
database (every migration, real indexes) through interop.services, and prints records/s,
the ratio and peak RSS.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import_marc.py [--records N] [--utf8]

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

import pymarc

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "marc" / "evergreen"
SOURCES = ("jazz_1k.mrc", "lul_fre_500.mrc")


def _set_subfield(marc_field: pymarc.Field, code: str, value: bytes) -> None:
    for subfield_index, subfield in enumerate(marc_field.subfields):
        if subfield.code == code:
            marc_field.subfields[subfield_index] = pymarc.Subfield(code, value)
            return
    marc_field.subfields.insert(0, pymarc.Subfield(code, value))


def build_file(path: Path, count: int, *, utf8: bool = False) -> None:
    """Write `count` varied records to `path`, byte-level so MARC-8 stays MARC-8; with `utf8`
    the originals are decoded first and written as UTF-8 with leader/09 "a"."""
    originals: list[bytes] = []
    for name in SOURCES:
        with (SHARED / name).open("rb") as stream:
            originals.extend(
                _as_utf8(record) if utf8 else record.as_marc()
                for record in pymarc.MARCReader(stream, to_unicode=utf8, hide_utf8_warnings=True)
                if record
            )
    with path.open("wb") as out:
        for number in range(count):
            round_number, index = divmod(number, len(originals))
            record = pymarc.Record(data=originals[index], to_unicode=False)
            suffix = f" [{round_number}]".encode()
            for marc_field in record.get_fields("001"):
                marc_field.data = f"BENCH{number:08d}".encode()
            for marc_field in record.get_fields("245")[:1]:
                value = marc_field.get_subfields("a")
                _set_subfield(marc_field, "a", (value[0] if value else b"") + suffix)
            for marc_field in record.get_fields("020"):
                record.remove_field(marc_field)
            for copy_number, marc_field in enumerate(record.get_fields("949")):
                _set_subfield(marc_field, "i", f"B{number:08d}{copy_number:02d}".encode())
            out.write(record.as_marc())


def _as_utf8(record: pymarc.Record) -> bytes:
    leader = str(record.leader)
    record.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])
    record.force_utf8 = True
    return bytes(record.as_marc())


def parse_with_pymarc(path: Path) -> tuple[int, float, float]:
    """(records, wall seconds, CPU seconds) of bare pymarc over the file."""
    started, cpu_started = time.perf_counter(), time.process_time()
    with path.open("rb") as stream:
        count = sum(1 for record in pymarc.MARCReader(stream, hide_utf8_warnings=True) if record)
    return count, time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--utf8", action="store_true", help="a UTF-8 file (leader/09 a)")
    parser.add_argument("--profile", action="store_true", help="print the import's top functions")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="libnet-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    from libnet.interop import services
    from libnet.network.models import Library, LibraryKind

    logging.getLogger("pymarc").setLevel(logging.ERROR)
    marc_path = workdir / "bench.mrc"
    build_file(marc_path, args.records, utf8=args.utf8)
    size_mb = marc_path.stat().st_size / 1e6
    parsed, parse_seconds, parse_cpu = parse_with_pymarc(marc_path)

    call_command("migrate", verbosity=0)
    library = Library.objects.create(
        code="BENCH", name="Bench library", kind=LibraryKind.PROVINCIAL
    )
    failures: list[str] = []
    profiler = cProfile.Profile() if args.profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    counts = services.import_marc_file(
        path=marc_path, library=library, by=None, on_failure=failures.append
    )
    if profiler:
        profiler.disable()
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    parse_rate = parsed / parse_seconds
    import_rate = counts.records_read / import_seconds
    encoding = "UTF-8" if args.utf8 else "MARC-8"
    print(f"file: {args.records} {encoding} records, {size_mb:.1f} MB ({marc_path})")
    print(
        f"pymarc.MARCReader: {parsed} records in {parse_seconds:.1f} s = {parse_rate:,.0f} records/s"
    )
    print(
        f"import_marc:       {counts.records_read} records in {import_seconds:.1f} s = {import_rate:,.0f} records/s"
    )
    target = 0.25 if args.utf8 else 0.35
    print(f"ratio import/parse: {import_rate / parse_rate:.2f} (target >= {target})")
    # On a loaded machine the wall clock counts other processes' turns too: the CPU time of
    # each (this process only) tells the same ratio with less noise.
    cpu_ratio = (counts.records_read / import_cpu) / (parsed / parse_cpu)
    print(
        f"CPU: pymarc {parse_cpu:.2f} s, import {import_cpu:.2f} s, ratio import/parse {cpu_ratio:.3f}"
    )
    print(f"peak RSS: {peak_rss_mb:.0f} MB (target < 400 MB)")
    print(f"counts: {counts.as_dict()}")
    for line in failures[:5]:
        print("  " + line)
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(
            os.environ.get("BENCH_SORT", "cumulative")
        ).print_stats(int(os.environ.get("BENCH_LINES", "35")))


if __name__ == "__main__":
    main()
