import pytest
from django.conf import settings
from django.utils.module_loading import import_string


@pytest.fixture
def demo_site(db, today):  # noqa: ANN001
    """The whole demo of `samverkan load-demo`, every app's part of it."""
    from samverkan.organisation import demo

    structure = demo.load(today)
    for path in settings.DEMO_LOADERS:
        import_string(path)(structure, today)
    return structure
