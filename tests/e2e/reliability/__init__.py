"""Reliability: the release story under SIGKILL, Graph faults and broken state files."""
