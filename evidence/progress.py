"""A progress bar on a terminal, plain lines everywhere else (CI logs, cron mail)."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_reporter(*, total: int | None, description: str, unit: str, stream=None):
    """Yield `report(done)`: a tqdm bar when `stream` is a terminal, else a line per
    tenth of the work (or per 100,000 when the total is unknown)."""
    stream = stream or sys.stderr
    if stream.isatty():
        with tqdm(total=total, desc=description, unit=unit, file=stream, unit_scale=True) as bar:

            def report(done: int) -> None:
                bar.update(done - bar.n)

            yield report
        return
    step = max(1, total // 10) if total else 100_000
    last = [0]

    def report(done: int) -> None:
        if done - last[0] >= step or (total and done >= total and last[0] < total):
            last[0] = done
            suffix = f" of {total:,}" if total else ""
            stream.write(f"{description}: {done:,}{suffix} {unit}\n")
            stream.flush()

    yield report
