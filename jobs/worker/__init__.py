"""The long-running worker behind ``freigabe run``: scheduled jobs, probes and metrics.

:func:`run_worker` runs it; :func:`worker_jobs` lists its jobs (one :class:`WorkerJob` line
each); :class:`Metrics` is what the jobs feed ``/metrics`` through.
"""

from jobs.worker.jobs import JobRunner, JobState, WorkerJob
from jobs.worker.metrics import Metrics
from jobs.worker.readiness import Readiness, assess
from jobs.worker.registry import worker_jobs
from jobs.worker.run import run_worker
from jobs.worker.sync_job import SYNC_JOB, sync_pass

__all__ = [
    "SYNC_JOB",
    "JobRunner",
    "JobState",
    "Metrics",
    "Readiness",
    "WorkerJob",
    "assess",
    "run_worker",
    "sync_pass",
    "worker_jobs",
]
