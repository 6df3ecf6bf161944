from returnportal.news.markup import render_markdown


def test_markdown_renders_emphasis_lists_and_links():
    """Ordinary Markdown becomes the expected HTML."""
    html = render_markdown("**bold** and [a link](https://example.org)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">a link</a>' in html
    assert "<li>one</li>" in html


def test_script_tags_are_removed_with_their_content():
    """A <script> element and its code disappear."""
    html = render_markdown("Hello <script>alert('x')</script> world")
    assert "<script" not in html
    assert "alert" not in html


def test_event_handler_attributes_are_removed():
    """An onerror or onclick attribute never survives."""
    html = render_markdown('<img src="x" onerror="alert(1)"> <a href="/" onclick="alert(2)">x</a>')
    assert "onerror" not in html
    assert "onclick" not in html
    assert "alert" not in html


def test_javascript_urls_are_removed():
    """A javascript: link keeps its text and loses its address."""
    html = render_markdown("[click](javascript:alert(1))")
    assert "javascript:" not in html
    assert "click" in html


def test_headings_start_below_the_page_title():
    """A Markdown level-one heading becomes <h2>, so the page keeps one <h1>."""
    html = render_markdown("# Title\n\n## Section\n\n### Part")
    assert "<h1" not in html
    assert "<h2>Title</h2>" in html
    assert "<h2>Section</h2>" in html
    assert "<h3>Part</h3>" in html


def test_empty_text_renders_nothing():
    """An empty body renders as an empty string."""
    assert render_markdown("") == ""
