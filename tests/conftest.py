"""Test-session settings shared by every test module.

Hypothesis profiles: ``ci`` is loaded when ``CI=true`` (``.ci/run`` sets it), ``dev`` otherwise.
Under ``ci`` the same commit gives the same result: examples are derived from each test's
source (``derandomize``), no example database carries failures over from an earlier run, and a
failure prints the ``@reproduce_failure`` blob that replays it. Neither profile has a deadline
or the too-slow health check, which would turn a busy machine into a failed test (no timing
assertions in tests). Tests that set their own ``@settings`` keep those and inherit the rest.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# parent: Hypothesis's own defaults, not the profile it auto-loads when any CI variable is set
settings.register_profile("dev", parent=settings.get_profile("default"), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if IN_CI else "dev")
