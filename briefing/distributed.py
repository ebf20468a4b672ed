"""Running the per-article and per-incident stages on local processes or a Dask cluster.

Reading articles, summarizing incidents and extracting quotes are independent per item; the
pipeline runs them through a ``map`` function, and this module makes that ``map`` the one of a
``dask.distributed`` executor. Clustering needs every article at once and stays in the calling
process. The brief is identical to a single-process one: the same functions run, results come
back in order.

Without ``--scheduler``, a large input is spread over a pool of local worker processes
instead (``workers``); Dask is imported only here, and only when ``--scheduler`` is given.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from briefing.errors import InputError
from briefing.parallel import MapFunction

logger = logging.getLogger(__name__)


@contextmanager
def process_map(workers: int) -> Iterator[MapFunction]:
    """A ``map`` over ``workers`` local processes, results in input order.

    Processes are spawned, not forked: forking a process that runs threads (the preview
    server, the scheduler, a test's SMTP server) can deadlock the child. A program calling
    this must guard its entry point with ``if __name__ == "__main__":``, as spawn requires.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:

        def pool_map(function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
            batch = list(items)
            # Big chunks for thousands of small jobs, one by one for a few big ones.
            chunk = max(1, len(batch) // (workers * 8))
            return pool.map(function, batch, chunksize=chunk)

        yield pool_map


@contextmanager
def dask_map(scheduler: str, *, workers: int | None = None) -> Iterator[MapFunction]:
    """A ``map`` running on Dask: ``"local"`` starts a LocalCluster on 127.0.0.1 (one process
    per core, or ``workers``); ``"tcp://HOST:PORT"`` connects to a running scheduler, whose
    workers must have briefing installed (the same version)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "--scheduler needs Dask: pip install 'briefing[dask]' (dask[distributed])"
        ) from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            # The connect timeout comes from Dask's config (distributed.comm.timeouts.connect).
            client = Client(scheduler)
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise InputError(f"cannot reach the Dask scheduler {scheduler}: {error}") from None
    logger.info("running on Dask: %s", client.dashboard_link or scheduler)
    executor = client.get_executor()

    def distributed_map(function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        # executor.map keeps the input order, so the brief does not depend on worker timing.
        return executor.map(function, list(items))

    try:
        yield distributed_map
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
