"""`helm template` of the chart takes well under a second (median of 11 runs, Helm 3 and Helm 4)."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.chart.chartlib import CHART, HELMS, template_args
from tests.chart.conftest import run

RUNS = 11
BUDGET_SECONDS = 1.0
SEED = CHART / "ci" / "kubesphere-airgap-ubuntu2204-docker-values.yaml"


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_template_median_is_well_under_a_second(which: str, record_property: pytest.RecordProperty) -> None:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = run(which, *template_args([SEED]))
        times.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr
    median = statistics.median(times)
    record_property(f"{which}_template_median_ms", round(median * 1000, 1))
    print(f"{which} template median {median * 1000:.0f} ms over {RUNS} runs")
    assert median < BUDGET_SECONDS
