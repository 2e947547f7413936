"""Publishing a build's outputs: assembly (HTML, the two PDF editions of report/editions.py, key figures,
executed notebooks) skipped when nothing it depends on changed, else staged and swapped into the output folder
as a whole (outputs.py)."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from tradebrief.errors import OutputError
from tradebrief.report import manifest, outputs
from tradebrief.report.editions import HTML_FILE, PDF_EDITIONS
from tradebrief.report.execute import Job
from tradebrief.report.pool import WorkerPool

MANIFEST = "manifest.json"


def assembly_manifest(jobs: list[Job], config, opts, commit: str, omitted: list[dict] | None = None) -> dict:
    """Every input of assembly: the notebook runs, parameters, formats, template and assembly code,
    library versions, and the commit the stamp names (so a new commit re-stamps the briefing)."""
    return {"step": "assembly", "runs": {j.name: j.key for j in jobs}, "formats": list(opts.formats),
            "parameters": {k: manifest.relative(v, opts.root) for k, v in config.parameters.items()},
            "title": config.title, "code": manifest.code_manifest(assembly=True), "environment": manifest.environment(),
            "commit": commit, "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"), "omitted": omitted or [],
            "command": [opts.overrides, [str(manifest.relative(str(Path(p).resolve()), opts.root)) for p in opts.extra_data]]}


def preload_pdf_libraries() -> None:
    import weasyprint  # noqa: F401


def _render_pdf(html: str, path: Path, base_url: str) -> None:
    """One print edition of the briefing, rendered to PDF (runs in a worker when one is up)."""
    from tradebrief.report.assemble import write_pdf
    write_pdf(html, path, base_url=base_url)


def _slim(dataset, reporter: str):
    """What assembly needs of the dataset (provenance, coverage), small enough to send to a worker."""
    from dataclasses import replace
    t = dataset.trade
    return replace(dataset, trade=t[(t["reporter"] == reporter) & (t["frequency"] == "A") & (t["product"] == "TOTAL")])


PREVIOUS = "previous_key_figures.csv"   # the key figures of the briefing this build replaced


def _changes(out_dir: Path, new: Path, keep: Path) -> dict:
    """What changed since the briefing in ``out_dir`` (``tradebrief.changes``), for the cover's "Changes since the
    previous briefing"; its key figures are kept as ``previous_key_figures.csv`` (``tradebrief diff`` reads them).
    A rebuild that changes no figure (another format, a template edit) keeps the comparison the folder already
    had. The previous folder is not in the assembly key: a rebuild with nothing to run stays a no-op."""
    from tradebrief.changes import compare, read_figures
    from tradebrief.errors import ParameterError
    from tradebrief.prose.changes import lines, summary, unreadable
    old = out_dir / "key_figures.csv"
    if old.exists() and old.read_bytes() == new.read_bytes() and (out_dir / PREVIOUS).exists():
        old = out_dir / PREVIOUS
    try:
        previous = read_figures(old) if old.exists() else []
        said = summary(compare([], []), first_build=True)
    except ParameterError as exc:   # a file there that is not a key_figures table: said, not compared, not fatal
        previous, said = [], unreadable(exc)
    if not previous:   # a first build keeps an empty table (the header): there was nothing before it
        keep.write_text(new.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        return {"summary": said, "lines": []}
    shutil.copyfile(old, keep)
    found = compare(previous, read_figures(new))
    return {"summary": summary(found), "lines": lines(found, limit=12)}


def assemble_if_needed(jobs: list[Job], config, dataset: Callable, out_dir: Path, opts, executed: bool, pool: WorkerPool,
                       omitted: list[dict] | None = None):
    """Assemble the briefing into a staging folder, then swap the whole set of outputs into place.

    ``dataset``: returns the loaded dataset (loaded only when assembly has to run); ``omitted``: sections the
    build left out before running them, with their reasons (``report.sections``).
    Returns (outputs written or None when everything was current, outputs of earlier builds removed)."""
    commit = manifest.git_commit(opts.root)
    asm = assembly_manifest(jobs, config, opts, commit, omitted)
    key = manifest.key_of(asm)
    names = {"html": [HTML_FILE], "pdf": [e.file for e in PDF_EDITIONS]}   # --format pdf: both editions
    wanted = [n for f in opts.formats for n in names[f]] + ["key_figures.csv", PREVIOUS, "notebooks", MANIFEST]
    previous = outputs.read_manifest(out_dir / MANIFEST)
    if (not opts.force and not executed and previous.get("key") == key
            and all((out_dir / n).exists() for n in wanted)):
        return None, []
    import nbformat

    from tradebrief.report import keyfigures as kf
    from tradebrief.report.assemble import assemble_html
    figures = kf.merge({job.name: job.figures for job in jobs})
    dataset = _slim(dataset(), config.parameters["reporter"])
    stage = outputs.Stage(out_dir)
    try:
        figures.to_csv(stage.path("key_figures.csv"), index=False)
        changes = _changes(out_dir, stage.path("key_figures.csv"), stage.path(PREVIOUS))
        nb_dir = stage.path("notebooks")
        nb_dir.mkdir()
        for job in jobs:
            shutil.copyfile(job.output, nb_dir / job.output.name)
        notebooks = [(job.name, nbformat.read(job.output, as_version=4)) for job in jobs]
        pdf_futures = []
        # the methods edition first, the longer to lay out; each edition's print HTML is made here (quick), so
        # the slow part, WeasyPrint's layout, starts at once
        for edition in sorted(PDF_EDITIONS, key=lambda e: not e.methods) if "pdf" in opts.formats else []:
            args = (assemble_html(notebooks, config, dataset, figures, opts, for_print=True, omitted=omitted, changes=changes, edition=edition),
                    stage.path(edition.file), str(out_dir))
            if pool.executor is not None:   # workers are up (notebooks ran): the two PDFs are laid out beside the HTML
                pdf_futures.append(pool.executor.submit(_render_pdf, *args))
            else:
                _render_pdf(*args)
        if "html" in opts.formats:
            stage.path(HTML_FILE).write_text(assemble_html(notebooks, config, dataset, figures, opts, omitted=omitted, changes=changes), encoding="utf-8")
        for future in pdf_futures:
            future.result()
        editions = {e.file: e.about for e in PDF_EDITIONS} if "pdf" in opts.formats else {}
        stage.write_manifest(MANIFEST, key=key, parameters=asm["parameters"], formats=list(opts.formats), commit=commit,
                             pdf_editions=editions)
        removed = stage.swap(keep_only=wanted, managed=[n for listed in names.values() for n in listed]
                             + ["key_figures.csv", PREVIOUS, "notebooks", MANIFEST])
    except OSError as exc:
        stage.discard()
        raise OutputError(f"could not write the briefing to {out_dir}: {exc.strerror or exc}; "
                          "the previous briefing files are unchanged") from None
    except BaseException:
        stage.discard()
        raise
    return [out_dir / n for n in wanted if n not in ("notebooks", MANIFEST, PREVIOUS)], removed
