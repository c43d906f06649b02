"""Hypothesis profiles for the whole suite.

* ``ci`` (selected when the environment variable ``CI`` is set): few examples, no deadline,
  derandomised, so the suite stays well inside CI's budget on a 2-core machine.
* ``dev`` (default locally): a moderate number of examples.
* ``long``: many examples, for a local soak run (``HYPOTHESIS_PROFILE=long``).

``HYPOTHESIS_PROFILE`` overrides the choice.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile("ci", max_examples=8, deadline=None, derandomize=True,
                          suppress_health_check=_SLOW, print_blob=True)
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("long", max_examples=500, deadline=None, suppress_health_check=_SLOW)

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
