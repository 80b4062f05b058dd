"""Run ngshare (the nbgrader exchange service) on the SQLAlchemy 2 that bimtek's lock pins.

ngshare 0.6.0 was written for SQLAlchemy 1.x, where an object given a relationship to an
object already in a session was added to that session too ("backref cascade"). SQLAlchemy 2
dropped that, so ngshare's new assignments, submissions and files would silently not be
saved. This wrapper restores the behaviour for ngshare's own models only, then runs ngshare's
command line unchanged:  python -m grader.hub.ngshare_service --admins ... --storage ...
"""
from __future__ import annotations

import sys


def _join_session_of_relatives(cls) -> None:
    from sqlalchemy.orm import object_session
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        for value in (*args, *kwargs.values()):
            if hasattr(value, "_sa_instance_state"):
                session = object_session(value)
                if session is not None:
                    session.add(self)
                    return
    cls.__init__ = __init__


def patch() -> None:
    from ngshare import database
    for name in ("User", "Course", "Assignment", "Submission", "File",
                 "InstructorAssociation", "StudentAssociation"):
        cls = getattr(database, name, None)
        if cls is not None:
            _join_session_of_relatives(cls)


def main(argv=None) -> int:
    patch()
    from ngshare import ngshare
    return ngshare.main(list(argv if argv is not None else sys.argv[1:])) or 0


if __name__ == "__main__":
    sys.exit(main())
