"""Progress bars for `kb load` and `kb extract`: on stderr, only on a terminal, and only for long work.

A bar shows once the work has taken AFTER_SECONDS, or at once when the first report says the work is long
(a load writes at least LONG_CLAIMS claims, an extraction reads at least LONG_FILES files); a short load or extraction prints nothing more than it did. Never in a pipe, a file,
a dumb terminal or CI (the CI variable set), so logs and scripts see only the final line.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import AbstractContextManager, contextmanager
from typing import Callable, Iterator, TextIO

AFTER_SECONDS = 2.0
LONG_CLAIMS = 10_000
LONG_FILES = 20

Callback = Callable[[int, int], None]


def wanted(stream: TextIO | None = None, env: dict[str, str] | None = None) -> bool:
    stream = sys.stderr if stream is None else stream
    env = os.environ if env is None else env
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and env.get("TERM") != "dumb" and not env.get("CI")


class _LazyBar:
    """A rich progress bar started on the first sign that the work is long: a timer, or a big total."""

    def __init__(self, waiting: str, working: str, unit: str, long_total: int | None, after: float) -> None:
        self.waiting, self.working, self.unit, self.long_total = waiting, working, unit, long_total
        self.done, self.total = 0, None
        self.lock = threading.Lock()
        self.bar = None
        self.task = None
        self.closed = False
        self.timer = threading.Timer(after, self._start)
        self.timer.daemon = True
        self.timer.start()

    def _start(self) -> None:
        with self.lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self.closed or self.bar is not None:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn(self.unit), TimeElapsedColumn(), console=Console(stderr=True),
                            transient=True, redirect_stdout=False, redirect_stderr=False)  # stdout stays output
        description = self.working if self.total is not None else self.waiting
        self.task = self.bar.add_task(description, total=self.total, completed=self.done)
        self.bar.start()

    def update(self, done: int, total: int) -> None:
        with self.lock:
            self.done, self.total = done, total
            if self.bar is None and self.long_total is not None and total >= self.long_total:
                self._start_locked()
            if self.bar is not None:
                self.bar.update(self.task, completed=done, total=total, description=self.working)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.timer.cancel()
            if self.bar is not None:
                self.bar.stop()


@contextmanager
def progress_bar(waiting: str, working: str, unit: str, *, long_total: int | None = None,
                 after: float = AFTER_SECONDS) -> Iterator[Callback | None]:
    """A progress(done, total) callback that drives a bar on stderr, or None where no bar is wanted.
    `waiting` describes the work before the first report (a bar without a total), `working` after it."""
    if not wanted():
        yield None
        return
    bar = _LazyBar(waiting, working, unit, long_total, after)
    try:
        yield bar.update
    finally:
        bar.close()


def load_progress() -> AbstractContextManager[Callback | None]:
    """The bar of `kb load`: claims written out of claims to write."""
    return progress_bar("reading and checking", "loading", "claims", long_total=LONG_CLAIMS)


def extract_progress() -> AbstractContextManager[Callback | None]:
    """The bar of `kb extract`: input files done out of all."""
    return progress_bar("extracting", "extracting", "files", long_total=LONG_FILES)
