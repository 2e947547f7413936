"""Assembling the executed notebooks into one briefing with nbconvert and a custom
template (report/templates/briefing), then the PDF with WeasyPrint."""
from __future__ import annotations

import ast
import copy
import datetime as dt
import html
import importlib.metadata as md
import os
import platform
import re
import shlex
from pathlib import Path

import nbformat
import pandas as pd

from tradebrief.countries import display_name, in_sentence
from tradebrief.names import possessive, the
from tradebrief.report import OMIT_MIME
from tradebrief.report.manifest import git_commit

TEMPLATES = Path(__file__).resolve().parent / "templates"
HIDDEN_TAGS = {"parameters", "injected-parameters"}
PACKAGES = ["pandas", "numpy", "matplotlib", "seaborn", "pandera", "duckdb", "pyarrow", "papermill", "nbconvert",
            "weasyprint", "pycountry"]


def _title(nb) -> str:
    """The section's first level-1 heading: a markdown cell's, or one a code cell displayed
    (``tradebrief.notebook.heading``, for headings that name the reporter, partner or currency)."""
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else \
            [o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", []) if o.get("output_type") == "display_data"]
        for text in texts:
            m = re.search(r"^#\s+(.+)$", "".join(text), flags=re.M)
            if m:
                return m.group(1).replace("\xa0", " ").strip()   # contents and PDF outline: plain spaces
    return "Untitled"


def build_time() -> dt.datetime:
    """When the briefing was built: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC)


def _front_figures(figures: pd.DataFrame, config) -> list[dict]:
    """The cover's key figures: rows of key_figures.csv (the same values the text quotes), formatted once."""
    from tradebrief.formatting import amount, percent
    p = config.parameters
    out = []
    for spec in FRONT_FIGURES:
        rows = figures
        for k in ("indicator", "partner", "flow"):
            rows = rows[rows[k].astype(str) == str(spec[k]).format(**p)]
        if "unit" in spec:
            rows = rows[rows["unit"].astype(str) == spec["unit"]]
        if "not_unit" in spec:   # preferred away from that unit (the reporter's own currency), kept when it is the only one
            other = rows[rows["unit"].astype(str) != spec["not_unit"]]
            rows = other if not other.empty else rows
        if "product" in rows:
            rows = rows[rows["product"].astype(str).isin(["TOTAL", ""])]
        period = str(p["end_year"])
        at = rows[rows["period"].astype(str) == period]
        if at.empty and spec.get("latest") and not rows.empty:
            at = rows.sort_values("period").tail(1)
        if at.empty:
            continue
        r = at.iloc[0]
        kind, value = spec["kind"], r["value"]
        if kind == "percent":
            text = percent(float(value))
        elif kind == "money":   # in the unit the row is recorded in: a currency code
            text = amount(float(value), str(r["unit"]), signed=spec.get("signed", False))   # as the summary prints the same figure
        elif kind == "country":
            text = display_name(str(value))
        else:
            text = f"{float(value):,.0f}"
        template = spec["label_one" if kind == "count" and float(value) == 1 and "label_one" in spec else "label"]
        label = template.format(period=r["period"], partner=display_name(p["partner"]), partner_the=the(p["partner"]),
                                partner_pos=possessive(p["partner"]), comparison_pos=possessive(p.get("comparison", "USA")),
                                reporter=display_name(p["reporter"]), reporter_pos=possessive(p["reporter"]))
        out.append({"value": text, "label": label[:1].upper() + label[1:]})
    return out


# The key-figures box of the front page: which rows of key_figures.csv, and how to print them.
FRONT_FIGURES = [
    {"indicator": "share", "partner": "{partner}", "flow": "total", "unit": "percent", "kind": "percent",
     "label": "{partner_pos} share of {reporter_pos} total trade, {period}"},
    {"indicator": "share", "partner": "{comparison}", "flow": "total", "unit": "percent", "kind": "percent",
     "label": "{comparison_pos} share of {reporter_pos} total trade, {period}"},
    {"indicator": "trade_value", "partner": "{partner}", "flow": "total", "unit": "USD", "kind": "money",
     "latest": True, "label": "{reporter}–{partner} trade, {period}"},
    {"indicator": "balance", "partner": "{partner}", "flow": "balance", "kind": "money",
     "label": "{reporter_pos} balance with {partner_the}, {period}", "not_unit": "USD", "signed": True},
    {"indicator": "top_destination", "partner": "WLD", "flow": "export", "unit": "ISO3", "kind": "country",
     "label": "Top export destination, {period}"},
    {"indicator": "dependent_groups", "partner": "{partner}", "flow": "import", "unit": "count", "kind": "count",
     "label": "import groups meeting both dependency tests, {period}",
     "label_one": "import group meeting both dependency tests, {period}"},
]


def _stamp(config, dataset, opts) -> dict:
    defaults_cmd = ["tradebrief", "build"] + [a for o in opts.overrides for a in ("--param", o)]
    defaults_cmd += [a for p in opts.extra_data for a in ("--data", str(p))]
    if tuple(opts.formats) != ("html", "pdf"):
        defaults_cmd += ["--format", ",".join(opts.formats)]
    versions = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = "not installed"
    files = [{"path": f.path, "sha256": f.sha256, "coverage": f.first_period if f.first_period == f.last_period else f"{f.first_period} – {f.last_period}", "rows": f"{f.rows:,}",
              "format": f.format} for f in dataset.files]
    return {"parameters": {k: v for k, v in config.parameters.items()}, "files": files, "versions": versions,
            "commit": git_commit(opts.root), "command": shlex.join(defaults_cmd)}


def _vintage(latest: str, partial: str, end_year: int) -> str:
    """The cover's data line: the latest full year the data hold; for a briefing that stops earlier by
    choice, that it does (a partial year after the data's last full year only matters to a briefing that
    reaches it)."""
    if latest.isdigit() and end_year < int(latest):
        return f"latest full year {latest}; this briefing covers the years to {end_year}"
    return f"latest full year {latest}" + (f"; set aside as partial: {partial}" if partial else "")


def omitted_reason(nb: nbformat.NotebookNode) -> str | None:
    """Why an executed notebook left its section out (``tradebrief.notebook.omit_section``), else None."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            marker = out.get("data", {}).get(OMIT_MIME)
            if marker is not None:
                return str(marker.get("reason", "does not apply"))
    return None


# Parameters the build passes for its own bookkeeping: where this run's cache and key figures live.
_BOOKKEEPING = {"cache_dir", "figures_path"}


def _parameters(nb, root: Path | None = None) -> list[dict]:
    """The parameters a notebook ran with: papermill's injected cell when present, else the defaults cell.

    Paths inside the project are shown relative to it, and the build's bookkeeping parameters are left
    out: a reader needs what shaped the results, and the briefing must not depend on where it was built."""
    cells = {tag: c for c in nb.cells if c.cell_type == "code" for tag in c.get("metadata", {}).get("tags", [])}
    cell = cells.get("injected-parameters") or cells.get("parameters")
    if cell is None:
        return []
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return [{"name": "(unparsed)", "value": cell.source}]
    out = []
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for t in node.targets:
            if isinstance(t, ast.Name) and t.id not in _BOOKKEEPING:
                value = ast.get_source_segment(cell.source, node.value) or ""
                if root is not None:
                    value = _paths_relative(node.value, value, Path(root))
                out.append({"name": t.id, "value": value})
    return out


def _paths_relative(node: ast.expr, source: str, root: Path) -> str:
    """A parameter's value as papermill wrote it, with each absolute path inside ``root`` written relative
    to it (``data/new.csv``); paths elsewhere are shown whole. Compared as paths, never as text: a folder
    beside the checkout whose name starts with the checkout's (``/work/x2`` beside ``/work/x``) is outside."""
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return source
    root = root.resolve()

    def shown(v):
        if isinstance(v, list):
            return [shown(x) for x in v]
        if isinstance(v, str) and os.path.isabs(v) and Path(v).resolve().is_relative_to(root):
            return Path(v).resolve().relative_to(root).as_posix() or "."
        return v
    relative = shown(value)
    if relative == value:
        return source
    from papermill.translators import PythonTranslator
    return PythonTranslator.translate(relative)


def _svg_title(svg: str) -> str | None:
    """A chart's title read from its SVG: an explicit <title>, else matplotlib's topmost upright text
    (matplotlib draws text as paths but keeps each string in a comment before its group)."""
    m = re.search(r"<title>(.*?)</title>", svg, flags=re.S)
    if m and m.group(1).strip():
        return html.unescape(m.group(1).strip())
    texts = re.findall(r'<g id="text_\d+">\s*<!-- (.*?) -->\s*<g [^>]*transform="translate\(([-\d.e]+) ([-\d.e]+)\)( rotate)?', svg, flags=re.S)
    upright = [(float(y), text.strip()) for text, _x, y, rotated in texts if not rotated and text.strip()]
    return html.unescape(min(upright)[1]) if upright else None


def _svg_source_line(svg: str) -> str | None:
    """The source line a chart carries at its foot (the last text matplotlib draws, starting "Source:")."""
    texts = [html.unescape(t.strip()) for t in re.findall(r"<!-- (.*?) -->", svg, flags=re.S)]
    starts = [i for i, t in enumerate(texts) if t.startswith("Source:")]
    return " ".join(texts[starts[-1]:]) if starts else None


def _give_figures_alt_text(cell) -> None:
    """Every figure gets alt text: the notebook's own (output or cell metadata ``alt``) when given,
    else its title, so nbconvert never puts in its "No description" placeholder. Its source line is
    kept as text too, for screens too narrow to read it inside the scaled-down picture."""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        for mime in ("image/svg+xml", "image/png", "image/jpeg"):
            if mime not in data:
                continue
            meta = out.setdefault("metadata", {})
            own = (meta.get(mime) or {}).get("alt") or meta.get("alt") or cell.get("metadata", {}).get("alt")
            title = _svg_title(data[mime]) if mime == "image/svg+xml" else None
            alt = own or (f"Chart: {title}." if title else "Chart (no title given).")
            meta[mime] = dict(meta.get(mime) or {}, alt=alt)
            source = _svg_source_line(data[mime]) if mime == "image/svg+xml" else None
            if source and not meta[mime].get("source"):
                meta[mime]["source"] = source


def _raster_figures(cell) -> None:
    """Print: a chart that also carries its PNG rendering (tradebrief.charts.show) is printed from the PNG,
    with the SVG's alt text and source line; WeasyPrint draws an SVG path by path, a PNG at once."""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/svg+xml" in data and "image/png" in data:
            meta = out.setdefault("metadata", {})
            meta["image/png"] = dict(meta.get("image/png") or {}, **(meta.get("image/svg+xml") or {}))
            del data["image/svg+xml"]


def _keep_units_together(cell) -> None:
    """Table headers may wrap to fit a narrow column, but never inside their unit: "Exports" / "(¥ bn)",
    not "Exports (¥" / "bn)"."""
    for out in cell.get("outputs", []):
        table = out.get("data", {}).get("text/html")
        if isinstance(table, str) and "<th" in table:
            out["data"]["text/html"] = re.sub(
                r"(<th\b[^>]*>)([^<]*)",
                lambda th: th.group(1) + re.sub(r"\([^)]*\)", lambda unit: unit.group(0).replace(" ", "\u00a0"), th.group(2)),
                table)


# A table with more body rows than this may break between rows in print (its header repeats): kept whole, a
# table of 20 rows that misses the foot of a page would leave half of it empty.
LONG_TABLE_ROWS = 12


def _let_long_tables_break(cell) -> None:
    """Mark tables of more than LONG_TABLE_ROWS rows ``tb-long``: print lets them break between rows."""
    for out in cell.get("outputs", []):
        table = out.get("data", {}).get("text/html")
        if isinstance(table, str) and 'class="tb-table' in table:
            body = table.split("<tbody>", 1)[-1]
            if body.count("<tr") > LONG_TABLE_ROWS:
                out["data"]["text/html"] = table.replace('class="tb-table', 'class="tb-table tb-long', 1)


def merge_notebooks(notebooks: list[tuple[str, nbformat.NotebookNode]], root: Path | None = None) -> tuple[nbformat.NotebookNode, list[dict], list[dict]]:
    """One notebook with a section per input; parameter cells dropped; each section's code collected
    (for one "Show method" per section on screen, and the methods appendix in print).

    Notebooks that marked themselves as not applying (``omit_section``) are left out entirely, so the
    section numbers run on without a gap."""
    merged = nbformat.v4.new_notebook()
    merged.metadata = notebooks[0][1].metadata if notebooks else {}
    toc, methods = [], []
    notebooks = [(name, nb) for name, nb in notebooks if omitted_reason(nb) is None]
    for i, (name, nb) in enumerate(notebooks, 1):
        title = _title(nb)
        toc.append({"number": i, "title": title, "anchor": f"sec-{name}"})
        merged.cells.append(nbformat.v4.new_raw_cell(f'<section class="briefing-section" id="sec-{name}" data-number="{i}">',
                                                     metadata={"raw_mimetype": "text/html"}))
        code = []
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & HIDDEN_TAGS:
                continue
            cell = copy.deepcopy(cell)   # alt text is added to the copy: the executed notebook stays as run
            _give_figures_alt_text(cell)
            _keep_units_together(cell)
            _let_long_tables_break(cell)
            merged.cells.append(cell)
            if cell.cell_type == "code" and cell.source.strip():
                code.append(cell.source)
        # the section's whole method in one place, at its end: a marker the template renders as one toggle
        merged.cells.append(nbformat.v4.new_raw_cell("", metadata={"raw_mimetype": "text/html", "tradebrief_method": i}))
        merged.cells.append(nbformat.v4.new_raw_cell("</section>", metadata={"raw_mimetype": "text/html"}))
        methods.append({"number": i, "title": title, "notebook": f"notebooks/{name}.ipynb", "code": code,
                        "parameters": _parameters(nb, root)})
    return merged, toc, methods


def assemble_html(notebooks, config, dataset, figures: pd.DataFrame, opts, for_print: bool = False, omitted: list[dict] | None = None,
                  changes: dict | None = None, edition=None) -> str:
    """The briefing as HTML: for screen (methods folded inline) or for print, in one of the PDF editions
    (``report.editions``; the methods edition when none is named): the brief, without code, closed by a note
    saying where the methods are, or the methods edition, with the methods appendix and the reproducibility
    stamp. ``omitted``: sections the build left out before running them (``report.sections``), each with its
    title and reason."""
    from nbconvert import HTMLExporter

    from tradebrief.report.editions import BRIEF, HTML_FILE, METHODS
    if for_print and edition is None:
        edition = METHODS

    merged, toc, methods = merge_notebooks(notebooks, opts.root)
    if for_print:
        from tradebrief.report.printcode import code_html
        for cell in merged.cells:
            _raster_figures(cell)
        for m in methods if edition.methods else []:   # the appendix prints code wrapped at spaces, as report/printcode.py lays it out
            m["printed"] = [code_html(code) for code in m["code"]]
    p = config.parameters
    trade = dataset.trade
    annual = trade[(trade["reporter"] == p["reporter"]) & (trade["frequency"] == "A")]
    pair = annual[annual["partner"] == p["partner"]]   # the cover's latest full year is the pair's, not the reporter's
    latest = str(pair["period"].max()) if len(pair) else "n/a"
    own = set(annual["source"].astype(str))   # a partial year of another reporter's file is not this briefing's concern
    partial = ", ".join(f"{r.period} ({r.note})" for r in dataset.excluded.itertuples() if str(r.source) in own)
    # sections that do not apply to these parameters are left out, and the reader is told which and why
    order = {name: i for i, name in enumerate(config.notebooks)}
    omitted = sorted([{"name": o["name"], "title": o["title"], "reason": o["reason"]} for o in omitted or []]
                     + [{"name": n, "title": _title(nb), "reason": reason} for n, nb in notebooks if (reason := omitted_reason(nb)) is not None],
                     key=lambda o: order.get(o["name"], len(order)))
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="briefing")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    resources = {"briefing": {
        "title": config.display_title,
        "subtitle": f"{display_name(p['reporter'])} and {display_name(p['partner'])}, "
                    + (f"{p['start_year']}–{p['end_year']}" if p['start_year'] != p['end_year'] else f"{p['end_year']}")
                    + (f", compared with {in_sentence(p['comparison'])}" if p.get("comparison") else ""),
        "author": "tradebrief, from " + ", ".join(sorted({f.publisher for f in dataset.files if getattr(f, "publisher", None)})),
        "keywords": ", ".join([display_name(p["reporter"]), display_name(p["partner"])]
                              + ([display_name(p["comparison"])] if p.get("comparison") else []) + ["trade dependence"]),
        "built": build_time().strftime("%d %B %Y, %H:%M %Z").strip(),
        "vintage": _vintage(latest, partial, int(p["end_year"])),
        "omitted": omitted,
        "changes": changes,   # {"summary", "lines"} from prose.changes: what changed since the briefing this one replaces
        "front": _front_figures(figures, config),
        "toc": toc, "methods": methods, "stamp": _stamp(config, dataset, opts), "print": for_print,
        # print only: which edition, and for the brief's closing note the files that hold the methods
        "edition": {"name": edition.name, "methods": edition.methods, "methods_file": METHODS.file, "brief_file": BRIEF.file,
                    "html_file": HTML_FILE, "html_made": "html" in opts.formats} if for_print else None,
    }}
    body, _ = exporter.from_notebook_node(merged, resources=resources)
    return body


def write_pdf(html: str, path: Path, base_url: str) -> None:
    import logging

    from weasyprint import HTML
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html, base_url=base_url).write_pdf(str(path))
