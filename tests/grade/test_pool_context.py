"""How grading workers start: forked from the grading process only when that is safe."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

from grader.grade import run, warm


def test_a_plain_process_forks_its_workers():
    # in a fresh interpreter: pytest's own plugins may run threads in this one
    code = "from grader.grade import run; print(run._pool_context().get_start_method())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "fork"


def test_another_thread_means_a_fork_server():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert run._pool_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_an_event_loop_means_a_fork_server():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        assert run._has_event_loop()
        assert run._pool_context().get_start_method() == "forkserver"
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    assert not run._has_event_loop()


def test_a_forked_child_forgets_the_parents_templates():
    import multiprocessing
    sentinel = object()
    warm._templates["parent"] = sentinel
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(1) as pool:
            assert pool.apply(_templates_in_child) == []
        assert warm._templates["parent"] is sentinel
    finally:
        del warm._templates["parent"]


def _templates_in_child() -> list:
    return list(warm._templates)
