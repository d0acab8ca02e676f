"""Exit codes, named once (httpie's status.py is the model). Documented in the README."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # user-facing: not found, invalid knowledge, no good answer, export failed
    USAGE = 2  # bad command line (Click's own code for usage errors)
