"""The briefing's sentences, built from computed frames: one module per section.

Notebooks call one function per paragraph; grammar (articles, possessives, plurals, spans of years)
comes from ``tradebrief.names`` and number formats from ``tradebrief.formatting``, so that the cover, the
prose and the tables print a value alike. Each function is unit-tested on hand-made frames."""
