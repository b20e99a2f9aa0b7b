"""Gzip for pages: Django's rules and BREACH padding, at a faster level; and cached pages
deflated once, sent with each response's own values."""

import gzip
import string

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from faq.compression import LEVEL, FastGZipMiddleware, deflate, gzip_of, padded_gzip

PAGE = ("<p>Open EndNote, choose Sync, sign in and wait for the library. </p>" * 400).encode()


def respond(response: HttpResponse, encoding: str = "gzip, deflate, br") -> HttpResponse:
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=encoding)
    return FastGZipMiddleware(lambda request: response)(request)


def test_padded_gzip_decompresses_to_the_page_and_its_length_varies():
    outputs = [padded_gzip(PAGE, level=LEVEL, max_random_bytes=100) for _ in range(20)]
    assert {gzip.decompress(out) for out in outputs} == {PAGE}
    assert len({len(out) for out in outputs}) > 5


def test_a_page_goes_compressed_with_a_weak_etag():
    page = HttpResponse(PAGE, content_type="text/html")
    page["ETag"] = '"abc"'

    response = respond(page)

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == PAGE
    assert int(response["Content-Length"]) == len(response.content) < len(PAGE) / 10
    assert response["ETag"] == 'W/"abc"'
    assert "Accept-Encoding" in response["Vary"]


def test_a_client_without_gzip_gets_the_page_as_is_but_caches_are_told_it_varies():
    response = respond(HttpResponse(PAGE), encoding="identity")
    assert response.content == PAGE
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]


def test_short_or_already_encoded_answers_are_left_alone():
    assert respond(HttpResponse(b"ok")).content == b"ok"
    encoded = HttpResponse(b"x" * 500, headers={"Content-Encoding": "br"})
    assert respond(encoded).content == b"x" * 500


def test_a_streamed_answer_is_compressed_as_django_does():
    response = respond(StreamingHttpResponse(iter([PAGE[:1000], PAGE[1000:]])))
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == PAGE


# Text as pages hold it (no NUL: the page cache's marker), and slot names.
TEXT = st.text(st.characters(blacklist_characters="\x00", codec="utf-8"), max_size=3000)
SLOTS = st.sampled_from(["csrf", "views", "yes", "no"])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    texts=st.lists(TEXT, min_size=1, max_size=12),
    slots=st.lists(SLOTS, max_size=11),
    values=st.fixed_dictionaries(
        {
            "csrf": st.text(string.ascii_letters + string.digits, min_size=64, max_size=64),
            "views": st.integers(0, 10**12).map(str),
            "yes": st.integers(0, 10**6).map(str),
            "no": st.text(max_size=300),
        }
    ),
    fragments=st.integers(1, 3),
)
def test_a_page_deflated_once_is_the_page_with_its_values(texts, slots, values, fragments):
    pieces = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=False):
        pieces += [slot, text]
    lengths = {name: len(value.encode()) for name, value in values.items()}
    deflated = deflate(pieces, lengths=lengths)
    page = "".join(values[p] if i % 2 else p for i, p in enumerate(pieces)).encode()

    body = gzip_of([deflated] * fragments, values)

    assert gzip.decompress(body) == page * fragments
    assert deflated.text(values) == page


def test_every_token_after_the_first_is_a_copy_of_it():
    marked = '<html><head><link rel="stylesheet" href="/static/site.css"></head><ol>'
    for step in range(13):
        marked += f'<li id="step-{step}"><p>Step {step}: open EndNote.</p><form><input value="'
        marked += f'\x00csrf{step}\x00"><button>Done</button></form></li>'
    pieces = (marked + "</ol></html>").split("\x00")
    token = "t" * 32 + "T" * 32
    stored = {f"csrf{step}": token for step in range(13)}
    copied = [p if i % 2 == 0 else "csrf" for i, p in enumerate(pieces)]
    one = gzip_of([deflate(copied, lengths={"csrf": 64})], {"csrf": token}, max_random_bytes=1)
    each = gzip_of([deflate(pieces, lengths=dict.fromkeys(stored, 64))], stored, max_random_bytes=1)
    assert gzip.decompress(one) == gzip.decompress(each)
    assert len(each) - len(one) > 12 * 50


def test_a_value_of_another_length_than_deflated_for_is_refused():
    deflated = deflate(["<p>", "views", "</p>"], lengths={"views": 2})
    with pytest.raises(ValueError, match="deflated for 2 bytes"):
        gzip_of([deflated], {"views": "12345"})


def test_every_response_of_a_cached_page_has_its_own_padding():
    deflated = deflate(["<p>", "csrf", "</p>" * 100], lengths={"csrf": 64})
    bodies = {gzip_of([deflated], {"csrf": "x" * 64}) for _ in range(20)}
    assert len({len(body) for body in bodies}) > 5
