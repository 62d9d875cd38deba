from samverkan.lib.text import readable_url, render_markdown


def test_percent_encoded_addresses_are_shown_decoded():
    assert (
        readable_url("https://v%C3%A5rdsamverkansk%C3%A5ne.se/")
        == "https://vårdsamverkanskåne.se/"
    )


def test_bare_links_get_readable_labels_and_keep_their_target():
    html = render_markdown("Läs mer: https://v%C3%A5rdsamverkansk%C3%A5ne.se/")

    assert html.count("<a ") == 1
    # The target is the same address in its ASCII (punycode) form.
    assert 'href="https://xn--' in html
    assert ">https://vårdsamverkanskåne.se/</a>" in html


def test_paragraphs_and_bullet_lists_are_formatted():
    html = render_markdown(
        "Dokumentet godkänns:\n\n- att det gäller från januari\n- att DS byter ordförande"
    )

    assert html.count("<li>") == 2
    assert html.startswith("<p>Dokumentet godkänns:</p>")


def test_raw_html_is_escaped_never_rendered():
    html = render_markdown('<script>alert("x")</script><img src=x onerror=alert(1)>')

    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_refused():
    html = render_markdown("[klicka](javascript:alert(1))")

    assert "href" not in html


def test_headings_can_be_shifted_down():
    assert "<h3>E-hälsa</h3>" in render_markdown("## E-hälsa", heading_offset=1)


def test_a_long_address_with_encoded_path_is_one_link():
    url = "https://vardgivare.skane.se/kompetens-utveckling/projekt/mobila-team-n%C3%A4rsjukv%C3%A5rd/"

    html = render_markdown(f"Läs mer på {url}")

    assert html.count("<a ") == 1
    assert (
        ">https://vardgivare.skane.se/kompetens-utveckling/projekt/mobila-team-närsjukvård/</a>"
        in html
    )
