"""environment.yml from requirements.lock: the conda route installs exactly the pinned set.

``make lock`` regenerates environment.yml with this module; tests/test_packaging.py checks that
the committed file is what the lock gives, so the two cannot drift apart.
"""
from __future__ import annotations

import sys
from pathlib import Path

HEADER = """\
# Generated from requirements.lock by `python -m tradebrief.envfile requirements.lock` (make lock).
# Do not edit: the pins are the lock's. The supported path is `make report` / `make test`.
name: tradebrief
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def pinned_requirements(lock_text: str) -> list[str]:
    """'name==version[ ; marker]' for every package of a pip-compile style lock (hashes dropped)."""
    out = []
    for line in lock_text.splitlines():
        if not line or line[0].isspace() or line.startswith(("#", "-")):
            continue
        out.append(line.rstrip(" \\").strip())
    return out


def environment_yml(lock_text: str) -> str:
    lines = [f"      - \"{req}\"" for req in pinned_requirements(lock_text)]
    return HEADER + "\n".join(lines) + "\n      - \"-e .\"\n"


def main(argv: list[str]) -> int:
    sys.stdout.write(environment_yml(Path(argv[0] if argv else "requirements.lock").read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
