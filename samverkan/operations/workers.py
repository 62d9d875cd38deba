"""Background workers that survive being killed and a database that goes away.

django-tasks-db marks a task RUNNING when a worker claims it and never looks
at it again. A worker killed in the middle of a task would leave it RUNNING
for good, so each worker has a fixed id (one per service unit) and, when it
starts again, gives the tasks it was running back to the queue: they run
again, once each. Tasks must therefore be safe to run again when they were
cut off before they finished (ours are: they write in one transaction).
"""

from __future__ import annotations

import logging
import time

from django.core.management import call_command
from django.db import DatabaseError, close_old_connections, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


@transaction.atomic
def requeue_interrupted(*, worker_id: str) -> list[str]:
    """Put back on the queue the tasks this worker was running when it stopped."""
    interrupted = [
        task
        for task in DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.RUNNING
        )
        if task.worker_ids and task.worker_ids[-1] == worker_id
    ]
    for task in interrupted:
        task.status = TaskResultStatus.READY
        task.started_at = None
        task.save(update_fields=["status", "started_at"])
        logger.warning("Requeued task %s interrupted on worker %s", task.id, worker_id)
    return [str(task.id) for task in interrupted]


def run_worker(*, worker_id: str, interval: float, max_tasks: int | None) -> None:
    """Run tasks until stopped; wait out a database that is away and go on."""
    while True:
        try:
            close_old_connections()
            requeue_interrupted(worker_id=worker_id)
            options = {"worker_id": worker_id, "interval": interval, "reload": False}
            if max_tasks is not None:
                options["max_tasks"] = max_tasks
            call_command("db_worker", startup_delay=False, **options)
            return
        except DatabaseError as error:
            logger.warning("Database unavailable (%s); retrying", error)
            time.sleep(RETRY_SECONDS)
