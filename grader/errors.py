"""Typed errors. Each carries a one-line message in Bahasa Indonesia that names the fix."""


class BimtekError(Exception):
    """An error the user can fix; ``str(error)`` is the one-line message shown by the CLI."""


class CourseNotFound(BimtekError):
    pass


class AssignmentNotFound(BimtekError):
    pass


class RosterError(BimtekError):
    """A roster file is unusable; nothing was written."""
