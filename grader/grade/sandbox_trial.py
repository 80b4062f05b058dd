"""A real trial of the sandbox, for ``bimtek periksa``: start a sandboxed kernel the way grading
does, compute 1 + 1, import the participant helper package, and show that the code can neither
reach the network (a listener of the grader's on 127.0.0.1) nor write outside its folder.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from . import sandbox_limits
from .sandbox_command import choose_uid, explain_failure, missing_tools, tool

_CODE = r'''
import json, os, socket
hasil = {"jumlah": 1 + 1}
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=2).close()
    hasil["jaringan"] = "terhubung"
except OSError:
    hasil["jaringan"] = "tertutup"
hasil["tulis"] = []
for alamat in TARGETS:
    try:
        with open(alamat, "w") as berkas:
            berkas.write("bocor")
        hasil["tulis"].append(alamat)
    except OSError:
        pass
import bimtek_peserta
hasil["bimtek_peserta"] = bimtek_peserta.__file__
hasil["uid"] = os.getuid()
print("HASIL " + json.dumps(hasil))
'''


class _Listener:
    """A TCP listener on 127.0.0.1 counting the connections it gets (the sandbox must make none)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.count += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


async def _run(folder: Path, code: str, bwrap: str, timeout: float) -> str:
    from .sandbox import SandboxKernelManager
    km = SandboxKernelManager(bwrap=bwrap, source_dir=str(folder / "sumber"))
    await km.start_kernel(cwd=str(folder / "kerja"))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=timeout)
        msg_id = client.execute(code)
        output, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = await client.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                output.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                output.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return "".join(output)
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)


def trial(bwrap: str = "", timeout: float = 60) -> tuple[bool, str]:
    """(True, what was shown) if a sandboxed kernel works and holds; else (False, the sentence)."""
    problem = missing_tools(bwrap)
    if problem:
        return False, problem
    listener = _Listener()
    folder = Path(tempfile.mkdtemp(prefix="bimtek-periksa-"))
    try:
        os.chmod(folder, 0o755)
        for part in ("sumber/data", "kerja/data"):
            (folder / part).mkdir(parents=True)
        (folder / "sumber/data/contoh.csv").write_text("a\n1\n")
        shutil.copy(folder / "sumber/data/contoh.csv", folder / "kerja/data/contoh.csv")
        mark = f"bimtek-periksa-{uuid.uuid4().hex[:8]}.txt"
        targets = [str(folder / mark), f"../{mark}", f"/tmp/{mark}", f"data/{mark}",
                   "data/contoh.csv"]
        code = _CODE.replace("PORT", str(listener.port)).replace("TARGETS", repr(targets))
        try:
            text = asyncio.run(_run(folder, code, bwrap, timeout))
        except Exception as exc:  # the kernel did not start: say why, as the probe would
            from .sandbox_command import probe
            return False, probe(bwrap) or f"kernel dalam kotak pasir tidak dapat dimulai ({exc})"
        line = next((ln for ln in text.splitlines() if ln.startswith("HASIL ")), "")
        if not line:
            return False, f"kode percobaan tidak selesai di dalam kotak pasir ({text.strip()[:160]})"
        seen = json.loads(line[len("HASIL "):])
        leaked = [p for p in (folder / mark, folder / "kerja" / mark, Path("/tmp", mark))
                  if p.exists()]
        changed = (folder / "kerja/data/contoh.csv").read_text() != "a\n1\n"
        if seen.get("jumlah") != 2:
            return False, "kernel di dalam kotak pasir tidak menghitung 1 + 1 = 2"
        if seen.get("jaringan") != "tertutup" or listener.count:
            return False, "kode di dalam kotak pasir dapat membuka koneksi jaringan"
        if leaked or changed:
            return False, "kode di dalam kotak pasir dapat menulis di luar foldernya"
        limit = sandbox_limits.backend()
        who = ("root, kode berjalan sebagai pengguna khusus" if os.geteuid() == 0
               else "tanpa root (user namespace)")
        caps = ("batas per pohon proses: " + limit.name if limit.whole_tree
                else "batas per proses (prlimit) dan jumlah proses")
        return True, (f"{who}; 1 + 1 = 2; jaringan tertutup; tulis di luar folder ditolak; "
                      f"bimtek_peserta terbaca; {caps}")
    finally:
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)


def userns_for_others(bwrap: str = "") -> str | None:
    """Under root: can an ordinary account (the instructor's) start the sandbox? None if so.

    Runs bubblewrap with an unprivileged user namespace as an unused user id, which is what
    formgrader's Autograde does under the instructor's account.
    """
    path = tool("bwrap", bwrap)
    if os.geteuid() != 0 or path is None or not tool("setpriv"):
        return None
    uid = choose_uid()
    args = [tool("setpriv"), f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--",
            path, "--unshare-user", "--disable-userns", "--unshare-net", "--unshare-pid",
            "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"]
    for name in ("lib", "lib64", "bin"):
        if os.path.islink(f"/{name}"):
            args += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            args += ["--ro-bind", f"/{name}", f"/{name}"]
    try:
        result = subprocess.run(args + ["--", "/bin/true"], capture_output=True, text=True,
                                timeout=30, cwd="/", stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap tidak dapat dijalankan ({exc})"
    return None if result.returncode == 0 else explain_failure(result.stderr)
