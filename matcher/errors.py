"""The engine's error types. The web layer maps each one to an HTTP status in one place."""

from __future__ import annotations


class MatcherError(Exception):
    """Base class of every error the engine raises on purpose."""


class UnsupportedTypeError(MatcherError):
    """The bytes are of a type we do not read, or do not match the file's name (HTTP 415)."""


class DocumentError(MatcherError):
    """The document is encrypted, corrupt or otherwise unreadable (HTTP 422)."""


class EmptyTextError(DocumentError):
    """The document yields no readable text, e.g. a scanned PDF without a text layer (HTTP 422)."""


class ParseLimitError(DocumentError):
    """Parsing was stopped by a time or memory limit, e.g. a decompression bomb (HTTP 422)."""


class TooLargeError(MatcherError):
    """The input is larger than the configured limit (HTTP 413)."""


class RoleError(MatcherError, ValueError):
    """The role asked for is not one the posting lists (HTTP 400)."""


class VocabularyError(MatcherError):
    """The skills vocabulary is invalid; the message names the bad entry."""
