from faq.markdown import render_markdown


def test_inline_code_becomes_code():
    assert "<code>#!resetLocalSync</code>" in render_markdown("Add `#!resetLocalSync` here.")


def test_admonition_becomes_labelled_callout():
    html = render_markdown('!!! warning "Heads up!"\n    A full sync can take a while.')
    assert 'class="callout callout--warning"' in html
    assert 'role="note"' in html
    assert 'aria-label="Heads up!"' in html
    assert '<p class="callout__title">Heads up!</p>' in html


def test_callout_kinds_map_to_three_styles():
    assert "callout--tip" in render_markdown("!!! hint\n    Try this.")
    assert "callout--note" in render_markdown("!!! info\n    FYI.")
    assert "callout--note" in render_markdown("!!! mystery\n    Unknown kind.")
    assert 'aria-label="Tip"' in render_markdown("!!! tip\n    Untitled.")


def test_scripts_handlers_and_bad_links_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(1)">'
        "[click](javascript:alert(1)) <b onclick='x()'>bold</b>"
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<b>bold</b>" in html


def test_unknown_classes_are_stripped():
    html = render_markdown('<div class="callout evil" style="color:red">x</div>')
    assert "evil" not in html
    assert "style=" not in html


def test_links_get_safe_rel():
    html = render_markdown("[docs](https://example.edu/help)")
    assert 'href="https://example.edu/help"' in html
    assert 'rel="noopener noreferrer"' in html


def test_a_callout_without_a_title_is_titled_in_the_texts_language():
    html = render_markdown("!!! warning\n    Stäng Word först.", "sv")
    assert '<p class="callout__title">Varning</p>' in html
    assert 'aria-label="Varning"' in html
    assert 'aria-label="Tipp"' in render_markdown('!!! tip ""\n    Erst speichern.', "de")
    # A title the writer typed stays as typed.
    assert '<p class="callout__title">Obs!</p>' in render_markdown('!!! note "Obs!"\n    x', "sv")
    assert '<p class="callout__title">Warning</p>' in render_markdown("!!! warning\n    x", "en")
