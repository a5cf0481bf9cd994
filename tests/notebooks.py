"""Run a notebook as Jupyter does: a real kernel (ipykernel) started by jupyter_client and driven
by nbclient, cell by cell, outputs collected. The kernel talks over local sockets (ipc), not TCP."""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as sockets:
        manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(notebook, km=manager, timeout=timeout, allow_errors=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode, kind: str | None = None) -> list[dict]:
    found = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    return [o for o in found if kind is None or o.output_type == kind]


def stream_text(notebook: nbformat.NotebookNode, name: str) -> str:
    return "".join(o.text for o in outputs(notebook, "stream") if o.name == name)
