"""Developer tools that are not part of the installed service (the benchmark lives here)."""

__all__: list[str] = []
