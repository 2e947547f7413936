"""The live display of a build on a terminal: each notebook, the cell it is running, time elapsed."""
from __future__ import annotations

import time


class Progress:
    """Live display (notebook, cell, elapsed) on a terminal; silent otherwise."""

    def __init__(self, names: list[str], enabled: bool):
        self.state = {n: ("waiting", None, None) for n in names}
        self.start = {n: None for n in names}
        self.live = None
        if enabled:
            from rich.live import Live
            self.live = Live(self._render(), refresh_per_second=8, transient=False)

    def _render(self):
        from rich.table import Table
        t = Table(show_header=True, header_style="bold", box=None)
        t.add_column("notebook")
        t.add_column("status")
        t.add_column("elapsed", justify="right")
        for n, (status, cell, total) in self.state.items():
            text = f"cell {cell + 1}/{total}" if status == "running" and cell is not None else status
            el = f"{time.perf_counter() - self.start[n]:.1f}s" if self.start[n] and status == "running" else ""
            t.add_row(n, text, el)
        return t

    def update(self, name, status, cell=None, total=None):
        if self.state[name][0].startswith("done"):   # late cell messages from the worker's queue
            return
        if status == "running" and self.start[name] is None:
            self.start[name] = time.perf_counter()
        self.state[name] = (status, cell, total)
        if self.live:
            self.live.update(self._render())

    def __enter__(self):
        if self.live:
            self.live.__enter__()
        return self

    def __exit__(self, *exc):
        if self.live:
            self.live.__exit__(*exc)
