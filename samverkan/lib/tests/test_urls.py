from django.urls import reverse

from samverkan.lib.urls import reverse_many


def test_the_remembered_url_templates_give_what_reverse_gives():
    for name, args in [
        ("matters:detail", [7]),
        ("matters:download", [12, 345]),
        ("meetings:record", [3, "anteckningar", "html"]),
        ("deviations:detail", [900000001]),
        ("meetings:download", [1, 1]),
    ]:
        assert reverse_many(name, *args) == reverse(name, args=args)
        # A second call comes from the remembered template.
        assert reverse_many(name, *args) == reverse(name, args=args)
