"""Grading: plan the submissions, autograde them in parallel, record a status for each."""
from .run import GradeResult, GradeRun, grade, write_results

__all__ = ["GradeResult", "GradeRun", "grade", "write_results"]
