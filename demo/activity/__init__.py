"""Realistic reader activity of a chosen size, for demos and benchmarks; one seed, one result."""

from demo.activity.fill import ActivityExistsError, ActivitySummary, activity_fill

__all__ = ["ActivityExistsError", "ActivitySummary", "activity_fill"]
