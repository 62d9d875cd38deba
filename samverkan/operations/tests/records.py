"""Print every record of the database as JSON, independently of `backup`.

Run as `python -m samverkan.operations.tests.records OUT` with the
installation's environment; the round-trip test compares the outputs.
Uses Django's own serializer, so a fault in the backup format cannot hide.
"""

import datetime as dt
import json
import sys

import django


def collect() -> dict:
    """Return every record, as plain JSON values, by model label."""
    from django.core import serializers

    from samverkan.operations.backup import data_models

    def default(value: object) -> str:
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return value.isoformat()
        return str(value)

    records = {}
    for model in data_models():
        rows = serializers.serialize(
            "python", model._default_manager.order_by("pk").iterator()
        )
        for row in rows:
            for name, value in row["fields"].items():
                if isinstance(value, list):  # many-to-many, in no particular order
                    row["fields"][name] = sorted(value, key=str)
        records[model._meta.label] = rows
    return json.loads(json.dumps(records, default=default))


def main(out: str) -> None:
    django.setup()
    with open(out, "w") as handle:
        json.dump(collect(), handle, sort_keys=True, indent=0)


if __name__ == "__main__":
    main(sys.argv[1])
