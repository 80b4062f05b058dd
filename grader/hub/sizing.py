"""Resource limits per participant and the server sizing rule (The Littlest JupyterHub's).

Measured (benchmarks/kernel_memory.py): the M11 exercise kernel peaks at 143 MiB RSS. A
logged-in participant also runs a JupyterLab single-user server (measured in tests/hub: about
100-130 MiB RSS). The default limit leaves room for a second notebook open at the same time.
"""
from __future__ import annotations

import math

KERNEL_PEAK_MIB = 143
SINGLEUSER_MIB = 130
MEM_LIMIT_MIB = 768        # hard limit per participant: server + two kernels + headroom
MEM_GUARANTEE_MIB = 320    # what one active participant really uses: server + one kernel
CPU_LIMIT = 1.0            # at most one core per participant
CPU_GUARANTEE = 0.1
HUB_OVERHEAD_MIB = 128     # hub + proxy (TLJH's rule)


def server_memory_gib(participants: int, *, active: float = 0.5, headroom: float = 0.3,
                      per_user_mib: int = MEM_LIMIT_MIB) -> float:
    """Memory a single server needs: TLJH's rule with ``active`` share and ``headroom``.

    memory = concurrent users x max memory per user + 128 MB, then the headroom on top.
    """
    concurrent = math.ceil(participants * active)
    mib = (concurrent * per_user_mib + HUB_OVERHEAD_MIB) * (1 + headroom)
    return round(mib / 1024, 1)


def sizing_table(sizes=(20, 30, 40, 60, 100)) -> list[tuple[int, int, float, float]]:
    """Rows (participants, concurrent at 50%, GiB at 40% active, GiB at 60% active)."""
    return [(n, math.ceil(n * 0.5), server_memory_gib(n, active=0.4),
             server_memory_gib(n, active=0.6)) for n in sizes]
