"""Command line: ``tradebrief build | validate | fetch``."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from tradebrief.errors import TradebriefError

EPILOG_BUILD = """examples:
  tradebrief build                          # HTML + PDF from data/ with report/briefing.toml
  tradebrief build --param end_year=2023    # another year range
  tradebrief build --param partner=KOR --param comparison=TWN
  tradebrief build --data new_release.csv   # add a newer official file (newest vintage wins)
  tradebrief build --format html            # only the HTML
outputs: report/build/briefing.html, briefing.pdf, key_figures.csv; executed notebooks in report/build/notebooks/.
A notebook is re-executed only when its source, parameters, data files or the tradebrief code it uses changed."""

EPILOG_VALIDATE = """Loads each file with the loader of its published format, checks it against the
canonical schema and prints one line per file (rows, periods, partners, flows, currency).
Exit status 0 when all files are valid, 2 when any is not (every problem is listed
with its file, row and column)."""

EPILOG_FETCH = """Live refresh from official APIs needs network access to the publisher and the
optional packages (pip install 'tradebrief[fetch]'): UN Comtrade via comtradeapicall
(set COMTRADE_KEY for the full API). The result is written in the canonical CSV layout
with a metadata card, ready to drop into data/."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tradebrief", description="Trade-dependence briefing from official statistics: "
                                "run the analysis notebooks and publish HTML and PDF.",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="{build,validate,fetch}")

    b = sub.add_parser("build", help="execute the notebooks and assemble the briefing (what `make report` runs)",
                       epilog=EPILOG_BUILD, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter of report/briefing.toml (repeatable), e.g. end_year=2023")
    b.add_argument("--data", action="append", default=[], metavar="PATH", type=Path,
                   help="an extra data file of a supported format, used with those in data/ (repeatable)")
    b.add_argument("--format", default="html,pdf", help="html, pdf, or html,pdf (default: both)")
    b.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the build cache")
    b.add_argument("--jobs", "-j", type=int, default=min(2, os.cpu_count() or 1), help="notebooks run in parallel (default: %(default)s)")
    b.add_argument("--config", type=Path, help="briefing configuration (default: report/briefing.toml)")
    b.add_argument("--out", type=Path, help="output folder (default: report/build)")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress display")

    v = sub.add_parser("validate", help="load and validate data files; non-zero exit on any problem",
                       epilog=EPILOG_VALIDATE, formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("paths", nargs="*", type=Path, help="files or folders (default: data/)")

    f = sub.add_parser("fetch", help="download a newer official extract (needs network access)",
                       epilog=EPILOG_FETCH, formatter_class=argparse.RawDescriptionHelpFormatter)
    f.add_argument("source", choices=["comtrade"], help="which publisher's API")
    f.add_argument("--reporter", default="JPN")
    f.add_argument("--partner", default="CHN")
    f.add_argument("--years", default="2020-2024", help="e.g. 2020-2024")
    f.add_argument("--out", type=Path, default=Path("data/comtrade/fetched.csv"))
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
                        jobs=args.jobs, extra_data=args.data, out_dir=args.out, progress=False if args.quiet else None)
    result = build(opts)
    what = (f"executed {len(result.executed)} notebook(s)" + (f" ({', '.join(result.executed)})" if result.executed else "")
            + f", {len(result.skipped)} up to date")
    outs = ", ".join(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in result.outputs) or "outputs up to date"
    print(f"tradebrief: {what}; {outs} [{result.seconds:.1f}s]")
    return 0


def cmd_validate(args) -> int:
    shown_per_file = 50  # a long list hides the pattern; the rest are counted
    from tradebrief.errors import DataError
    from tradebrief.sources import discover, load_file
    from tradebrief.sources._io import problem_count
    paths = []
    for p in args.paths or [Path("data")]:
        paths.extend(discover(p) if p.is_dir() else [p])
    if not paths:
        print("tradebrief validate: no data files given", file=sys.stderr)
        return 2
    failed = 0
    for p in paths:
        try:
            _, info = load_file(p, None)
            print(info.summary())
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


def cmd_fetch(args) -> int:
    from tradebrief.fetch import fetch_comtrade
    path = fetch_comtrade(args.reporter, args.partner, args.years, args.out)
    print(f"wrote {path}; check it with: tradebrief validate {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"build": cmd_build, "validate": cmd_validate, "fetch": cmd_fetch}
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
