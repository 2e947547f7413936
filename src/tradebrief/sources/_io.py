"""The names the loaders import for reading publishers' text files, each from the file that does its job:
``cards`` (the metadata card), ``decoding`` (bytes to text), ``text_lines`` (line splitting, record lines),
``delimiter`` (sniffing), ``raw_table`` (the table as strings), ``row_problems`` (problem lists),
``numbers`` (numbers and units). New code imports from those files directly."""
from tradebrief.sources.cards import Card
from tradebrief.sources.decoding import LEGACY_ENCODINGS, decode, read_bytes
from tradebrief.sources.delimiter import header_tokens, sniff_delimiter
from tradebrief.sources.numbers import UNIT_FACTORS, parse_numbers, unit_factor
from tradebrief.sources.raw_table import RawTable, read_table
from tradebrief.sources.row_problems import ROW_PROBLEMS_SHOWN, MoreRows, problem_count, row_problems
from tradebrief.sources.text_lines import head_lines, lines_from

__all__ = ["Card", "LEGACY_ENCODINGS", "decode", "read_bytes", "header_tokens", "sniff_delimiter", "UNIT_FACTORS",
           "parse_numbers", "unit_factor", "RawTable", "read_table", "ROW_PROBLEMS_SHOWN", "MoreRows", "problem_count",
           "row_problems", "head_lines", "lines_from"]
