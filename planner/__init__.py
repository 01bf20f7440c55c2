"""Territory Planner: territories, visit frequencies, call-cycle calendars and routes for route sales."""

__version__ = "0.1.0"
