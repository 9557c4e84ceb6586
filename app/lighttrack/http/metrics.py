"""Prometheus text exposition of the channel metrics and the process."""

from __future__ import annotations

import os

from .. import __version__
from ..channels.registry import Metrics


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        import psutil  # not Linux: ask psutil (imported only here)
        return psutil.Process().memory_info().rss


def prometheus_text(metrics: Metrics, sse_clients: int, uptime: float) -> str:
    lines = [
        "# HELP lighttrack_info LightTrack version.", "# TYPE lighttrack_info gauge",
        f'lighttrack_info{{version="{__version__}"}} 1',
        "# HELP lighttrack_uptime_seconds Seconds since the API started.", "# TYPE lighttrack_uptime_seconds gauge",
        f"lighttrack_uptime_seconds {uptime:.3f}",
        "# HELP lighttrack_sse_clients Open event streams.", "# TYPE lighttrack_sse_clients gauge",
        f"lighttrack_sse_clients {sse_clients}",
        "# HELP process_resident_memory_bytes Resident memory.", "# TYPE process_resident_memory_bytes gauge",
        f"process_resident_memory_bytes {_rss_bytes()}",
        "# HELP lighttrack_channel_calls_total Channel calls by outcome.", "# TYPE lighttrack_channel_calls_total counter",
    ]
    with metrics.lock:
        calls, seconds = dict(metrics.calls), dict(metrics.seconds)
    lines += [f'lighttrack_channel_calls_total{{channel="{c}",code="{code}"}} {n}' for (c, code), n in sorted(calls.items())]
    lines += ["# HELP lighttrack_channel_seconds_total Time spent in channels.",
              "# TYPE lighttrack_channel_seconds_total counter"]
    lines += [f'lighttrack_channel_seconds_total{{channel="{c}"}} {s:.6f}' for c, s in sorted(seconds.items())]
    return "\n".join(lines) + "\n"
