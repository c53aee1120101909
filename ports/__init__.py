"""The ports: what crosses between the adapters and the stages, and what each is given.

Records (frozen dataclasses) that one adapter produces and another, or a stage, consumes, and
the small Protocols a stage or an adapter is handed instead of another adapter's class: the
composition root (``jobs.bootstrap``) passes the concrete objects in. Standard library and the
pure core (``approval``) only, which import-linter and ``tests/unit/test_ports.py`` check.
"""
