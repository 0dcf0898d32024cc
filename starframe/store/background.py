"""One connection, two threads: the server moves a batch in while the next one is read.

A PostgreSQL import reads and checks its lines in Python and has the server move the rows
in; done one after the other, one of the machine's cores waits for the other. `Background`
runs one job at a time on the import's connection in a thread of its own (psycopg lets go of
the interpreter's lock while it waits for the server), and hands the connection back before
anything else uses it: every statement the caller runs through SQLAlchemy, its commit and its
rollback, and every COPY (`bulk.copy_values`) first waits for the job (`settle`). A job's
error is raised there, in the caller's thread, as if the job had run in it: the transaction is
then rolled back and nothing is written, as before."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, event

_RUNNING: WeakKeyDictionary[Connection, Background] = WeakKeyDictionary()


class Background:
    """Jobs run one at a time on `connection`, each in a thread, while the caller goes on."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        _RUNNING[connection] = self
        event.listen(connection, "before_cursor_execute", self._before_statement)
        event.listen(connection, "commit", self._before_end)
        event.listen(connection, "rollback", self._before_end)

    def run(self, job: Callable[[], None]) -> None:
        """Start `job` on the connection once the one before it is done."""
        self.join()
        thread = threading.Thread(target=self._work, args=(job,), name="starframe-copy")
        thread.daemon = True  # a killed import leaves nothing behind: the server rolls back
        self._thread = thread
        thread.start()

    def join(self) -> None:
        """Wait for the running job; raise its error here, once."""
        thread = self._thread
        if thread is not None:
            thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None:
            raise error

    def close(self) -> None:
        """Wait for the running job, then leave the connection to the caller alone."""
        try:
            self.join()
        finally:
            _RUNNING.pop(self.connection, None)
            event.remove(self.connection, "before_cursor_execute", self._before_statement)
            event.remove(self.connection, "commit", self._before_end)
            event.remove(self.connection, "rollback", self._before_end)

    def _work(self, job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as exc:  # raised again in the caller's thread by `join`
            self._error = exc

    def _in_job(self) -> bool:
        """True in the job's own thread, whose statements must not wait for themselves."""
        return self._thread is not None and self._thread is threading.current_thread()

    def _before_statement(self, *_args: Any) -> None:
        if not self._in_job():
            self.join()

    def _before_end(self, _connection: Connection) -> None:
        if not self._in_job():
            self.join()


def settle(connection: Connection) -> None:
    """Before using `connection` past SQLAlchemy: wait for its background job, if any."""
    running = _RUNNING.get(connection)
    if running is not None and not running._in_job():
        running.join()
