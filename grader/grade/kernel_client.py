"""The kernel client the grader uses: ready as soon as the kernel says so.

jupyter_client's ``wait_for_ready`` ends by waiting 0.2 s for IOPub to fall silent, on every
kernel start. Here readiness is decided by messages only: the kernel_info reply on the
shell channel, then the idle status of that same request on IOPub (which also proves IOPub
is connected).
"""
from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.utils import ensure_async

IOPUB_WAIT = 1.0   # seconds to wait for the idle status before asking again


class ReadyKernelClient(AsyncKernelClient):
    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            reply = None
            try:
                reply = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                pass
            if (reply is not None and reply["msg_type"] == "kernel_info_reply"
                    and reply["parent_header"].get("msg_id") == msg_id):
                if await self._idle_after(msg_id):
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_after(self, msg_id: str) -> bool:
        end = time.monotonic() + IOPUB_WAIT
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return False
            try:
                msg = await ensure_async(self.iopub_channel.get_msg(timeout=left))
            except Empty:
                return False
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"):
                return True

    wait_for_ready = _async_wait_for_ready
