"""A synthetic 10-million-row HS-level panel, for timing only.

BENCHMARK DATA — synthetic values with realistic codes and shapes (HS6 codes, ISO partners,
a world total per product). Never shipped as real data, never written to data/.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pycountry

from tradebrief.schema import COLUMNS


def hs_panel(rows: int = 10_000_000, years=range(2017, 2025), seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    partners = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 != "JPN")[:124]
    n_years, n_flows, n_partners = len(years), 2, len(partners) + 1   # + WLD
    n_products = -(-rows // (n_years * n_flows * n_partners))  # at least `rows` rows
    # distinct HS6-like codes: 2-digit chapter (01-97) + 4 digits
    codes = rng.choice(97 * 10_000, size=n_products, replace=False)
    products = [f"{c // 10_000 + 1:02d}{c % 10_000:04d}" for c in codes]
    # country values: lognormal, a few dominant suppliers per product (realistic concentration)
    shape = (n_products, n_years, n_flows, len(partners))
    values = rng.lognormal(mean=13, sigma=2.2, size=shape).astype("float64")
    world = values.sum(axis=3, keepdims=True) * rng.uniform(1.0, 1.08, size=shape[:3] + (1,))   # unlisted rest of world
    values = np.concatenate([values, world], axis=3)
    idx = np.indices(values.shape).reshape(4, -1)
    frame = pd.DataFrame({
        "reporter": pd.Categorical.from_codes(np.zeros(values.size, dtype=np.int8), ["JPN"]),
        "partner": pd.Categorical.from_codes(idx[3].astype(np.int16), partners + ["WLD"]),
        "flow": pd.Categorical.from_codes(idx[2].astype(np.int8), ["export", "import"]),
        "period": pd.Categorical.from_codes(idx[1].astype(np.int8), [str(y) for y in years]),
        "frequency": pd.Categorical.from_codes(np.zeros(values.size, dtype=np.int8), ["A"]),
        "value": values.reshape(-1),
        "currency": pd.Categorical.from_codes(np.zeros(values.size, dtype=np.int8), ["JPY"]),
        "product": pd.Categorical.from_codes(idx[0].astype(np.int32), list(products)),
        "source": pd.Categorical.from_codes(np.zeros(values.size, dtype=np.int8), ["benchmark (synthetic)"]),
    })
    return frame[COLUMNS]
