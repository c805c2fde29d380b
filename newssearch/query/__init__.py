"""The query model: one parser for the CLI, the library and any server."""
from .parser import parse_query

__all__ = ["parse_query"]
