import time
from pathlib import Path

from django.conf import settings
from django_tasks import task


@task()
def canary(token: str, seconds: float) -> str:
    """Take `seconds`, then mark `token` done: shows that the workers run tasks.

    The fault tests kill a worker in the middle of this task and count the
    marks: a task interrupted and run again completes exactly once.
    """
    time.sleep(seconds)
    marker = Path(settings.VAR_DIR) / "canary" / token
    marker.parent.mkdir(parents=True, exist_ok=True)
    with marker.open("a") as handle:
        handle.write("done\n")
    return token
