"""The in-year monitor: expected year-end from in-year figures (yearend) and indicators with their status."""
