"""Errors for unreadable input.  Data problems that can be reported are findings
(:mod:`imdi_ledger.findings`); an :class:`InputError` is raised only when a file cannot be
read at all, and it always names the file, the row and the column."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """An input that cannot be read.  ``row`` is the line number in the file as a person
    sees it in an editor or spreadsheet (the header is row 1), or ``None`` for the file as a
    whole; ``column`` is the column name, or ``None``."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.message = message
        where = self.file
        if row is not None:
            where += f", rad {row}"
        if column is not None:
            where += f", kolonne {column!r}"
        super().__init__(f"{where}: {message}")
