"""Kernels forked from a process that has already imported what every section imports.

A fresh Jupyter kernel spends about 1.5 s of CPU starting Python, IPython and ipykernel and then
importing pandas, matplotlib and tradebrief, before the notebook's first line runs; a briefing runs
nine of them. Here one process per build (the *kernel server*) imports all that once, and each
notebook gets a kernel forked from it: a new process with its own state, started in milliseconds.

What a notebook sees is what a fresh kernel gives it after those imports: its own process, the
project folder as working directory, execution counts from 1, matplotlib's inline backend chosen
the way ipykernel chooses it. Only imports happen before the fork: no kernel, event loop or ZeroMQ
socket exists in the server, so none is shared with a child. Importing numpy starts OpenBLAS's
worker threads in the server; ``fork`` copies only the calling thread, and OpenBLAS registers a
``pthread_atfork`` handler that rebuilds its pool in the child, so a kernel's linear algebra works.

The server is the parent of every kernel: it alone reaps them, stops them and says whether one is
running (a worker asks it over the socket), so no process ever signals a pid that may have been
reused; SIGCHLD is blocked while a child is forked and registered, so one that dies at once is
still reaped as known.

The server listens on a Unix socket that the build creates and hands over, so a request made
while it is still importing simply waits. It exits, stopping its kernels, when the build closes
its stdin (or dies). Where it cannot run (no ``fork``; macOS, where forking a process that has
loaded system frameworks is unsafe), notebooks get ordinary kernels and the build says so.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

# Imported once in the server: the libraries every section's setup cell imports, and the kernel itself.
# Only modules whose import changes no state a notebook could see (no backend chosen, no rcParams set:
# tradebrief.charts draws on figures of its own Agg canvas, and its house style is applied by a call).
PRELOAD = ("pandas", "numpy", "pyarrow", "pyarrow.parquet", "matplotlib", "matplotlib.pyplot", "seaborn",
           "tradebrief.indicators", "tradebrief.formatting", "tradebrief.sources.dataset", "tradebrief.countries",
           "tradebrief.charts", "tradebrief.notebook",
           "ipykernel.kernelapp", "ipykernel.ipkernel")


def available() -> bool:
    return unavailable_reason() is None


def unavailable_reason() -> str | None:
    """Why kernels cannot be forked here, or None."""
    if sys.platform == "darwin":   # Apple's frameworks (loaded by matplotlib, numpy's Accelerate) are not fork-safe
        return "kernels are not forked on macOS"
    if not (hasattr(os, "fork") and hasattr(socket, "AF_UNIX")):
        return "this system has no fork or Unix sockets"
    return None


def request(address: str, message: dict) -> dict:
    """One request to the kernel server and its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(address)
        s.sendall(json.dumps(message).encode() + b"\n")
        return json.loads(s.makefile().readline() or "{}")


class KernelServer:
    """The build's side: starts the server process and knows its address."""

    def __init__(self, log: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="tradebrief-kernels-"))
        self.address = str(self.dir / "server.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen(64)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tradebrief.report.kernels", str(listener.fileno())],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, pass_fds=[listener.fileno()])
        listener.close()

    def close(self) -> None:
        """Close the server's stdin: it stops any kernel still running and exits."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for f in self.dir.glob("*"):
            f.unlink(missing_ok=True)
        self.dir.rmdir()


def forked_kernel_manager(address: str):
    """jupyter_client's AsyncKernelManager for a kernel it did not start: nbclient connects to it and
    checks it is alive (asking the server, its parent); the worker that asked for it has the server
    stop it (``ForkedKernel.stop``)."""
    from jupyter_client.manager import AsyncKernelManager

    class ForkedKernelManager(AsyncKernelManager):
        pid: int | None = None

        @property
        def has_kernel(self) -> bool:
            return self.pid is not None

        async def _async_is_alive(self) -> bool:   # what the kernel client (nbclient's liveness poll) calls
            if self.pid is None:
                return False
            try:
                return bool(request(address, {"op": "alive", "pid": self.pid}).get("alive"))
            except OSError:   # the server is gone, and with it its kernels
                return False

        is_alive = _async_is_alive

    return ForkedKernelManager(kernel_name="python3")


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False


class ForkedKernel:
    """One notebook's kernel, forked by the server at ``address``; its output goes to ``log``."""

    def __init__(self, address: str, cwd: Path, log: Path):
        self.address = address
        self.km = forked_kernel_manager(address)
        fd, self.connection_file = tempfile.mkstemp(prefix="kernel-", suffix=".json", dir=Path(address).parent)
        os.close(fd)
        self.km.connection_file = self.connection_file
        self.km.write_connection_file()
        reply = request(address, {"op": "start", "connection_file": self.connection_file, "cwd": str(cwd), "log": str(log)})
        if "pid" not in reply:
            self.stop()
            raise RuntimeError(reply.get("error", "the kernel server closed the connection"))
        self.km.pid = reply["pid"]

    def stop(self) -> None:
        """The notebook's outputs are collected: the server (the kernel's parent) stops it at once."""
        if self.km.pid is not None:
            try:
                request(self.address, {"op": "stop", "pid": self.km.pid})
            except OSError:
                pass   # the server is gone: it stopped its kernels as it exited
            self.km.pid = None
        Path(self.connection_file).unlink(missing_ok=True)


# --- the server process -----------------------------------------------------------------------------

def _serve(listener_fd: int) -> None:
    import importlib
    import select
    # what ipykernel sets before the kernel starts, set before matplotlib is imported so the
    # imported module is the one a fresh kernel would have
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    listener = socket.socket(fileno=listener_fd)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as exc:   # a kernel imports it again, and the notebook reports the error
            print(f"tradebrief kernel server: could not preload {name}: {exc}", file=sys.stderr)
    children: set[int] = set()

    def reap(*_):
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)

    signal.signal(signal.SIGCHLD, reap)
    stdin = sys.stdin.fileno()
    try:
        while True:
            ready, _, _ = select.select([listener, stdin], [], [])
            if stdin in ready and not os.read(stdin, 1024):   # the build closed our stdin, or died
                return
            if listener in ready:
                conn, _ = listener.accept()
                with conn:
                    try:
                        conn.sendall(json.dumps(_answer(json.loads(conn.makefile().readline()), children, listener, conn)).encode() + b"\n")
                    except Exception as exc:
                        conn.sendall(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode() + b"\n")
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass


def _answer(message: dict, children: set[int], listener: socket.socket, conn: socket.socket) -> dict:
    """Start a kernel, stop one, or say whether one runs. SIGCHLD is blocked meanwhile, so the set of
    children is exact: a pid in it is a child not yet reaped, which no other process can have."""
    op = message.get("op", "start")
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
    try:
        if op == "start":
            pid = os.fork()
            if pid == 0:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                _kernel(message, listener, conn)   # never returns
            children.add(pid)
            return {"pid": pid}
        pid = int(message["pid"])
        if op == "alive":
            return {"alive": pid in children and _running(pid)}
        if op == "stop":
            if pid in children:
                os.kill(pid, signal.SIGKILL)
            return {"stopped": pid}
        return {"error": f"unknown request {op!r}"}
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})


def _kernel(request: dict, listener: socket.socket, conn: socket.socket) -> None:
    """In the forked child: become an IPython kernel on the given connection file."""
    code = 1
    try:
        listener.close()
        conn.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)   # the notebook's own subprocesses are waited for as usual
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())   # the kernel exits if the server goes away
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(argv=["-f", request["connection_file"]])
        code = 0
    except BaseException as exc:  # noqa: BLE001 - whatever happens, this process must not return into the server's loop
        try:
            print(f"tradebrief kernel: {type(exc).__name__}: {exc}", file=sys.stderr)
        except Exception:
            pass
    finally:
        os._exit(code)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
