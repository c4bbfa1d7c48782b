"""The project's exception types: one small hierarchy, each mixed with its built-in.

Every error routemap raises on bad input is a :class:`RoutemapError`; the CLI
prints its message and exits 2 without a traceback. Messages name the bad
value, what is allowed, and the fix. Where the problem is in a file, the
location (``file:line``) leads the message.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


class RoutemapError(Exception):
    """Base of every error routemap raises on purpose (exit code 2 in the CLI)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what is wrong.

    >>> str(Problem("case.yaml", 14, "leg 2 of angara-2023: arrive is before depart"))
    'case.yaml:14: leg 2 of angara-2023: arrive is before depart'
    >>> str(Problem("case.yaml", None, "empty file"))
    'case.yaml: empty file'
    """

    file: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class InputError(RoutemapError, ValueError):
    """Bad input in a file or argument; carries every problem found, not just the first.

    >>> e = InputError([Problem("a.csv", 3, "latitude 91 is out of range -90..90")])
    >>> str(e)
    'a.csv:3: latitude 91 is out of range -90..90'
    >>> e.problems[0].line
    3
    """

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(None, None, problems)] if problems else []
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(self._render(p) for p in self.problems))

    @staticmethod
    def _render(p: Problem) -> str:
        return p.message if p.file is None and p.line is None else str(p)

    @classmethod
    def at(cls, file: str | None, line: int | None, message: str) -> InputError:
        """An error with one problem at ``file:line``."""
        return cls([Problem(file, line, message)])


class GazetteerFileError(InputError):
    """A user gazetteer file (YAML or CSV) is malformed."""


class PlaceNotFound(RoutemapError, LookupError):
    """A place name resolves to nothing; carries "did you mean" suggestions."""

    def __init__(self, query: str, suggestions: Iterable[str] = (), hint: str = "") -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        msg = f"no place matches {query!r}"
        if hint:
            msg += f" ({hint})"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        else:
            msg += "; check the spelling, give coordinates as 'lat,lon', or add the place with --gazetteer FILE"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would otherwise repr() the message
        return self.args[0]


class AmbiguousPlace(RoutemapError, LookupError):
    """A place name matches, but not confidently (ambiguous, or only a loose match); carries the candidates.

    >>> e = AmbiguousPlace("Nome", ["Nome (US)", "Nome (AU)"])
    >>> str(e).split("; ")[0]
    "place 'Nome' is ambiguous or not a confident match: Nome (US), Nome (AU)"
    """

    def __init__(self, query: str, candidates: Iterable[str] = (), why: str = "") -> None:
        self.query = query
        self.candidates = tuple(candidates)
        msg = f"place {query!r} is {why or 'ambiguous or not a confident match'}"
        if self.candidates:
            msg += ": " + ", ".join(self.candidates)
        msg += ("; write the full name (e.g. 'Nome, Alaska' or 'Nome (US)'), give --country or --near PLACE, "
                "or add it with --gazetteer FILE")
        super().__init__(msg)

    def __str__(self) -> str:
        return self.args[0]


class DataUnavailable(RoutemapError, RuntimeError):
    """A bundled data package is missing or unreadable (reinstall routemap)."""


class NoRoute(RoutemapError):
    """No route satisfies the leg's ``avoid``/``stay_in`` restrictions (the message says which and why)."""


class OutputError(RoutemapError, RuntimeError):
    """An output cannot be written: a full disk, a denied permission, a special or foreign target.

    ``file`` is the output path when known.
    """

    def __init__(self, message: str, file: str | None = None) -> None:
        self.file = file
        super().__init__(message)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGTERM or SIGHUP); clean-up runs as for Ctrl-C.

    Like KeyboardInterrupt it is not an ``Exception``, so no ``except Exception``
    swallows it. ``exit_code`` is 128 + the signal number (143 for SIGTERM).
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(f"stopped by signal {signum}; temporary files were removed")


def format_problems(problems: Iterable[Problem]) -> str:
    """Render problems one per line, in file/line order."""
    ordered = sorted(problems, key=lambda p: (p.file or "", p.line or 0))
    return "\n".join(str(p) for p in ordered)
