"""HTTP for the fetch commands: every request retried on 429 (too many requests) and 5xx answers with
exponential backoff, by urllib3's ``Retry`` (urllib3 is what comtradeapicall itself uses).

The publishers' hosts can be pointed elsewhere (a mirror, or the local server the tests replay recorded
answers from) with ``TRADEBRIEF_COMTRADE_API`` and ``TRADEBRIEF_ECB_URL``.
"""
from __future__ import annotations

import contextlib
import os
import sys
from types import ModuleType

import urllib3
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
#: Attempts after the first; with BACKOFF = 1 s urllib3 waits 0, 2, 4, 8 ... seconds between them (or
#: what the answer's Retry-After header says).
RETRIES = 5
BACKOFF = 1.0
TIMEOUT = 120.0
COMTRADE_HOST = "https://comtradeapi.un.org"
COMTRADE_VARIABLE = "TRADEBRIEF_COMTRADE_API"


def retry() -> Retry:
    # raise_on_status=False: after the last attempt the answer itself comes back, so the error names
    # what the publisher said (its body), not only "too many 429 error responses"
    return Retry(total=RETRIES, backoff_factor=BACKOFF, status_forcelist=RETRY_STATUSES, allowed_methods={"GET"},
                 respect_retry_after_header=True, raise_on_status=False)


def pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(retries=retry(), timeout=urllib3.Timeout(total=TIMEOUT))


class _ComtradePool(urllib3.PoolManager):
    """A PoolManager that retries (``retry``) and sends requests for UN Comtrade's host to
    ``TRADEBRIEF_COMTRADE_API`` when it is set."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("retries", retry())
        super().__init__(*args, **kwargs)

    def urlopen(self, method, url, redirect=True, **kw):
        host = os.environ.get(COMTRADE_VARIABLE, "").rstrip("/")
        if host and url.startswith(COMTRADE_HOST):
            url = host + url[len(COMTRADE_HOST):]
        return super().urlopen(method, url, redirect=redirect, **kw)


class _Urllib3ForComtrade(ModuleType):
    """urllib3 as comtradeapicall's modules see it during a call: the same module, except that
    ``PoolManager`` retries. comtradeapicall opens a fresh ``urllib3.PoolManager()`` for every call,
    with urllib3's default retries (none on an HTTP status) and no argument to pass one in."""

    def __init__(self):
        super().__init__("urllib3")

    def __getattr__(self, name):
        return getattr(urllib3, name)

    PoolManager = _ComtradePool


@contextlib.contextmanager
def comtrade_transport():
    """Within the block, comtradeapicall's requests retry 429/5xx (and go to TRADEBRIEF_COMTRADE_API if set)."""
    modules = [m for name, m in list(sys.modules.items())
               if name.startswith("comtradeapicall.") and getattr(m, "urllib3", None) is urllib3]
    shim = _Urllib3ForComtrade()
    for m in modules:
        m.urllib3 = shim
    try:
        yield
    finally:
        for m in modules:
            m.urllib3 = urllib3
