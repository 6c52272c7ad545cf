"""Framework data files: loading and validation (loader), re-exported here."""

from npmassess.frameworks.loader import FORMAT_VERSION, Library, library, load_all, load_file, parse_framework

__all__ = ["FORMAT_VERSION", "Library", "library", "load_all", "load_file", "parse_framework"]
