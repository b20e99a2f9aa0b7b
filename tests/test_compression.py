"""Gzip for pages: Django's rules and BREACH padding, at a faster level."""

import gzip

from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from faq.compression import LEVEL, FastGZipMiddleware, padded_gzip

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
