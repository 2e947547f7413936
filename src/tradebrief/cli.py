"""Command line: ``tradebrief build | validate | coverage | diff | fetch``."""
from __future__ import annotations

import argparse
import signal
import sys
from functools import partial
from pathlib import Path

from tradebrief.errors import TradebriefError

EPILOG_BUILD = """examples:
  tradebrief build                          # HTML + both PDFs from data/ with report/briefing.toml
  tradebrief build --param end_year=2023    # another year range
  tradebrief build --param partner=KOR --param comparison=TWN
  tradebrief build --data new_release.csv   # add a newer official file (newest vintage wins)
  tradebrief build --format html            # only the HTML
outputs, in report/build/ (or --out):
  briefing.html          the briefing on screen; each section's code behind a "Show method" toggle
  briefing.pdf           the brief: every section, no code; its last page says where the methods are
                         (the file to forward)
  briefing-methods.pdf   the full edition: the brief's sections, then the methods appendix (the code of
                         every section) and the reproducibility stamp
  key_figures.csv, manifest.json (every output with its SHA-256); executed notebooks in notebooks/.
--format pdf writes both PDFs; SOURCE_DATE_EPOCH set gives the same bytes for the same inputs.
A notebook is re-executed only when its source, parameters, data files or the tradebrief code it uses changed."""

EPILOG_VALIDATE = """Loads each file with the loader of its published format, checks it against the
canonical schema and prints one line per file (rows, periods, partners, flows, currency).
A CEPII BACI release (a folder, or one of its files BACI_HS{rev}_Y{year}_V{version}.csv,
country_codes_V{version}.csv, product_codes_HS{rev}_V{version}.csv) is checked row by row
by converting it to Parquet in the build's cache, and reported in one line (release, HS
revision, years, rows).
Exit status 0 when all files are valid, 2 when any is not (every problem is listed
with its file, row and column)."""

EPILOG_FETCH = """fetch comtrade: downloads a reporter's trade in all goods (HS TOTAL, imports and exports) from the
UN Comtrade API and writes it in the Comtrade Plus columns, unchanged, as UTF-8 CSV, with a
metadata card <file>.meta.toml (query, time of access, unit USD). Needs network access and
the optional packages (pip install 'tradebrief[fetch]', i.e. comtradeapicall). Codes and years
are checked before any request (a mistyped code gets the close matches); requests answered
429 (too many) or 5xx are retried with exponential backoff.

fetch fx: downloads the European Central Bank's euro reference rates (eurofxref-hist.zip, no key
needed) and writes the CSV inside it, unchanged, to data/fx/eurofxref-hist.csv with a card.

Reporter and partner are ISO 3166 alpha-3 codes, looked up in UN Comtrade's own reference
lists. Without COMTRADE_KEY the keyless preview is used: it answers at most 500 records per
call, so the query is split per period, per flow and then into chunks of partners; a chunk
that still hits the cap is reported as a warning. With COMTRADE_KEY set (a free
subscription key from https://comtradedeveloper.un.org/) the full API is used.

examples:
  tradebrief fetch fx                                        # ECB rates, daily since 1999
  tradebrief fetch comtrade --reporter DEU --years 2015-2024
  tradebrief fetch comtrade --reporter CHN --partner JPN --years 2020-2024 --freq M
  COMTRADE_KEY=... tradebrief fetch comtrade --reporter KOR --years 2010-2024 --out data/comtrade/kor.csv
then:
  tradebrief validate data/comtrade/kor.csv
  tradebrief build --data data/comtrade/kor.csv --param reporter=KOR --param partner=CHN"""


EPILOG_COVERAGE = """What briefings can these data make? Loads every file in data/ (plus --data files), as a build
does, and prints what they hold: one line per reporter (currency, full years with both flows, partners
with exports and imports, years with commodity groups, months, files); with --reporter, one line per
partner of that reporter (countries and groups such as the EU; areas "not elsewhere specified" are
never a briefing's partner) with the years of its exports, imports, commodity groups and the partner's
own reports. Reporters that hold only world totals are counted at the end.

examples:
  tradebrief coverage
  tradebrief coverage --reporter JPN
  tradebrief coverage --reporter DEU --data downloads/germany_2024.csv"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tradebrief", description="Trade-dependence briefing from official statistics: "
                                "run the analysis notebooks and publish HTML and PDF.",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="{build,validate,coverage,diff,fetch}")

    b = sub.add_parser("build", help="execute the notebooks and assemble the briefing (what `make report` runs)",
                       epilog=EPILOG_BUILD, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter of report/briefing.toml (repeatable), e.g. end_year=2023")
    b.add_argument("--data", action="append", default=[], metavar="PATH", type=Path,
                   help="an extra data file of a supported format, used with those in data/ (repeatable)")
    b.add_argument("--format", default="html,pdf",
                   help="html, pdf (both PDF editions: the brief and the methods edition), or html,pdf (default: all three)")
    b.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the build cache")
    b.add_argument("--jobs", "-j", type=int, default=None,
                   help="notebooks run in parallel (default: one per core, at most 8)")
    b.add_argument("--config", type=Path, help="briefing configuration (default: report/briefing.toml)")
    b.add_argument("--out", type=Path, help="output folder (default: report/build)")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress display")

    v = sub.add_parser("validate", help="load and validate data files; non-zero exit on any problem",
                       epilog=EPILOG_VALIDATE, formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("paths", nargs="*", type=Path, help="files or folders (default: data/)")

    c = sub.add_parser("coverage", help="what the loaded data hold: reporters, partners, years, flows, products",
                       epilog=EPILOG_COVERAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--reporter", metavar="ISO3", type=str.upper, help="list the partners of one reporter")
    c.add_argument("--data", action="append", default=[], metavar="PATH", type=Path,
                   help="an extra data file, as with build --data (repeatable)")

    d = sub.add_parser("diff", help="what changed between two key_figures.csv files (revisions, new periods, verdicts)",
                       epilog="Compares the headline figures (those the briefing's text quotes) of two builds' key_figures.csv: "
                              "new periods, values revised by more than 0.05 percentage points (shares) or 0.1% (other values), "
                              "verdicts and leaders that changed, figures no longer quoted. The same lines open a rebuilt "
                              "briefing's section \"Changes since the previous briefing\".\n\nexample:\n"
                              "  tradebrief diff old/key_figures.csv report/build/key_figures.csv",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("old", type=Path, help="the earlier key_figures.csv")
    d.add_argument("new", type=Path, help="the later key_figures.csv")
    d.add_argument("--all", action="store_true", help="compare every figure of the panel, not only the headline ones")

    f = sub.add_parser("fetch", help="download official data: UN Comtrade trade, ECB exchange rates (needs network access)",
                       epilog=EPILOG_FETCH, formatter_class=argparse.RawDescriptionHelpFormatter)
    f.add_argument("source", choices=["comtrade", "fx"], help="comtrade: UN Comtrade's API; fx: the ECB's reference rates")
    f.add_argument("--reporter", metavar="ISO3", help="comtrade: reporting country, e.g. DEU (required)")
    f.add_argument("--partner", default="all", metavar="ISO3|all",
                   help="comtrade: one partner (World is fetched with it) or all partners (default: all)")
    f.add_argument("--years", metavar="A-B", help="comtrade: first and last year, e.g. 2015-2024 (required)")
    f.add_argument("--freq", default="A", type=str.upper, choices=["A", "M"], help="comtrade: A annual (default) or M monthly")
    f.add_argument("--out", type=Path, metavar="PATH",
                   help="CSV to write (default: data/comtrade/comtrade_<reporter>_<partner>_<years>_<freq>.csv; "
                        "fx: data/fx/eurofxref-hist.csv)")
    return p


def _root() -> Path:
    from tradebrief.paths import project_root
    root = project_root()
    if root is None:
        raise TradebriefError("run tradebrief inside the project folder (where pyproject.toml is)")
    return root


def cmd_build(args) -> int:
    from tradebrief.report.build import BuildOptions, build
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    root = _root()
    opts = BuildOptions(root=root, config=args.config, overrides=args.param, formats=formats, force=args.force,
                        extra_data=args.data, out_dir=args.out, progress=False if args.quiet else None,
                        **({"jobs": args.jobs} if args.jobs else {}))
    result = build(opts)
    what = (f"executed {len(result.executed)} notebook(s)" + (f" ({', '.join(result.executed)})" if result.executed else "")
            + f", {len(result.skipped)} up to date")
    outs = ", ".join(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in result.outputs) or "outputs up to date"
    print(f"tradebrief: {what}; {outs} [{result.seconds:.1f}s]")
    if result.removed:
        print(f"tradebrief: removed {', '.join(result.removed)} left from an earlier build (not built this time; "
              f"see {Path(args.out or root / 'report' / 'build') / 'manifest.json'})")
    return 0


def cmd_validate(args) -> int:
    shown_per_file = 50  # a long list hides the pattern; the rest are counted
    from tradebrief.errors import DataError
    from tradebrief.sources import baci_validate, discover
    from tradebrief.sources.baci_files import is_release_file
    from tradebrief.sources.row_problems import problem_count
    paths = []   # (what is checked, a call returning its one-line summary)
    for p in args.paths or [Path("data")]:
        if p.is_dir():
            paths.extend([(f, partial(_file_summary, f)) for f in discover(p)] + baci_validate.checks(p))
        else:
            paths.extend(baci_validate.checks(p) if is_release_file(p) else [(p, partial(_file_summary, p))])
    if not paths:
        print("tradebrief validate: no data files given", file=sys.stderr)
        return 2
    failed = 0
    for p, summary in paths:
        try:
            print(summary())
        except DataError as exc:
            failed += 1
            problems = exc.problems
            shown = [str(x) for x in problems[:shown_per_file]]
            if len(problems) > len(shown):
                shown.append(f"... and {problem_count(problems[len(shown):])} more problem(s) in this file")
            total = problem_count(problems)
            count = f"{total} problem{'s' if total != 1 else ''}"
            print(f"{p}: INVALID ({count})\n  " + "\n  ".join(shown), file=sys.stderr)
    if failed:
        print(f"tradebrief validate: {failed} of {len(paths)} file(s) invalid", file=sys.stderr)
    return 2 if failed else 0


def _file_summary(path: Path) -> str:
    from tradebrief.sources import load_file
    return load_file(path, None)[1].summary()


def cmd_coverage(args) -> int:
    from tradebrief.coverage import Coverage
    from tradebrief.errors import ParameterError
    from tradebrief.report.config import suggest
    from tradebrief.sources import load_dataset
    root = _root()
    cov = Coverage.from_dataset(load_dataset(root / "data", extra=args.data))
    if args.reporter and args.reporter not in cov.reporters():
        raise ParameterError(f"no reports of {args.reporter!r} are loaded{suggest(args.reporter, cov.briefing_reporters())}; "
                             f"reporters with partner detail: {', '.join(cov.briefing_reporters())}")
    able = set(cov.briefing_reporters())
    rows = cov.table(args.reporter) if args.reporter else [r for r in cov.table() if r["reporter"] in able]
    print(_columns(rows))
    if not args.reporter:
        rest = [r for r in cov.reporters() if r not in able]
        if rest:
            print(f"\n{len(rest)} more reporters hold only world totals (or one partner): {', '.join(rest)}")
    return 0


def _columns(rows: list[dict]) -> str:
    """Rows as aligned text columns (a terminal table without a library: the widths are all it needs)."""
    if not rows:
        return "(nothing)"
    heads = list(rows[0])
    widths = {h: max(len(h), *(len(str(r[h])) for r in rows)) for h in heads}
    line = lambda r: "  ".join(str(r[h]).ljust(widths[h]) for h in heads).rstrip()   # noqa: E731
    return "\n".join([line({h: h for h in heads}), line({h: "-" * widths[h] for h in heads}), *map(line, rows)])


def cmd_diff(args) -> int:
    from tradebrief.changes import compare, read_figures
    from tradebrief.errors import ParameterError
    from tradebrief.prose.changes import lines, summary
    for path in (args.old, args.new):
        if not path.is_file():
            raise ParameterError(f"{path}: file not found (give two key_figures.csv files, e.g. from two builds' output folders)")
    changes = compare(read_figures(args.old), read_figures(args.new), headline_only=not args.all)
    print(summary(changes, since=str(args.old)))
    for text in lines(changes):
        print(f"  {text}")
    return 0


def cmd_fetch(args) -> int:
    if args.source == "fx":
        from tradebrief.fetch_ecb import fetch_fx
        fx = fetch_fx(args.out)
        print(f"wrote {fx.path} (ECB reference rates, {fx.days:,} days, {fx.first_day} to {fx.last_day}) and {fx.card.name}; "
              f"check it with: tradebrief validate {fx.path}")
        return 0
    missing = [o for o, v in (("--reporter", args.reporter), ("--years", args.years)) if not v]
    if missing:
        raise TradebriefError(f"fetch comtrade needs {' and '.join(missing)} (e.g. --reporter DEU --years 2015-2024)")
    from tradebrief.fetch import fetch_comtrade
    result = fetch_comtrade(args.reporter, args.partner, args.years, args.freq, args.out)
    for warning in result.warnings():
        print(f"tradebrief fetch: warning: {warning}", file=sys.stderr)
    api = "full API" if result.full_api else "keyless preview"
    print(f"wrote {result.path} ({result.records} records, {result.calls} call(s) to the {api}) and {result.card.name}; "
          f"check it with: tradebrief validate {result.path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from tradebrief.errors import print_data_warnings
    print_data_warnings(f"tradebrief {args.command}")
    handlers = {"build": cmd_build, "validate": cmd_validate, "coverage": cmd_coverage, "diff": cmd_diff, "fetch": cmd_fetch}
    try:
        return handlers[args.command](args)
    except TradebriefError as exc:
        print(f"tradebrief {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"tradebrief {args.command}: interrupted; previous outputs left as they were", file=sys.stderr)
        return 128 + signal.SIGINT


if __name__ == "__main__":
    sys.exit(main())
