"""The JSON format: one file, screenshots embedded in it as base64.

    {"format": "helpdesk-faq", "version": 1,
     "teams": [...], "topics": [...],
     "articles": [{...the article's fields, "answer_intro", "answer_outro",
                   "steps": [{id, position, body, image, image_alt}],
                   "translations": [{language, question, slug, stale, answer_intro,
                                     answer_outro, steps: [{id, body, image_alt}]}]}],
     "images": {"steps/…-1440.png": "<base64>", ...}}

Keys sorted, two-space indents, UTF-8 and a final newline. A step's `image` is a key
of "images"; each screenshot's renditions are all there under their storage names.
"""

import base64
import binascii
import json
from collections.abc import Callable
from pathlib import Path

from faq.services.exchange.documents import (
    FORMAT,
    VERSION,
    ArticleEntry,
    Bundle,
    ExchangeError,
    ImageSource,
    article_doc,
    team_doc,
    topic_doc,
    translation_doc,
)
from faq.services.exchange.reading import (
    article_read,
    team_read,
    topic_read,
    translation_read,
)


def json_write(path: Path, bundle: Bundle, *, image_bytes: Callable[[str], bytes]) -> int:
    """Write the bundle as one JSON file at `path`; return 1, the files written."""
    images = sorted(
        {name for e in bundle.articles for s in e.record.steps for name in s.renditions}
    )
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "teams": [team_doc(t) for t in bundle.teams],
        "topics": [topic_doc(t) for t in bundle.topics],
        "articles": [
            {
                **article_doc(e.record, image_ref=str),
                "translations": [translation_doc(t) for t in e.record.translations],
            }
            for e in bundle.articles
        ],
        "images": {key: base64.b64encode(image_bytes(key)).decode("ascii") for key in images},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    path.write_bytes(text.encode("utf-8"))
    return 1


def json_read(path: Path) -> Bundle:
    """Read a file written by json_write; raises ExchangeError."""
    file = path.name
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ExchangeError(file, "is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ExchangeError(file, f"not valid JSON: {error.msg} (line {error.lineno})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExchangeError(file, f"missing or not “format: {FORMAT}”: is this an export?")
    if doc.get("version") != VERSION:
        raise ExchangeError(file, f"version {doc.get('version')} is not {VERSION}")
    images: dict[str, ImageSource] = {}
    embedded = doc.get("images") or {}
    if not isinstance(embedded, dict):
        raise ExchangeError(file, "images: must map names to base64")
    for key, data in sorted(embedded.items()):
        try:
            images[key] = base64.b64decode(str(data), validate=True)
        except (binascii.Error, ValueError):
            raise ExchangeError(file, f"images.{key}: not base64") from None
    articles = []
    for number, item in enumerate(_list(doc, "articles", file), start=1):
        where = f"{file} articles[{number}]"
        data = dict(item) if isinstance(item, dict) else item
        raw = data.pop("translations", None) if isinstance(data, dict) else None
        translations = [
            translation_read(t, file=f"{where}.translations[{n}]")
            for n, t in enumerate(raw if isinstance(raw, list) else [], start=1)
        ]
        if raw is not None and not isinstance(raw, list):
            raise ExchangeError(where, "translations: must be a list")
        record = article_read(data, file=where, image_key=str, translations=translations)
        articles.append(ArticleEntry(file=where, record=record))
    return Bundle(
        teams=tuple(
            team_read(t, file=file, number=n)
            for n, t in enumerate(_list(doc, "teams", file), start=1)
        ),
        topics=tuple(
            topic_read(t, file=file, number=n)
            for n, t in enumerate(_list(doc, "topics", file), start=1)
        ),
        articles=tuple(articles),
        images=images,
    )


def _list(doc: dict[str, object], key: str, file: str) -> list[object]:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise ExchangeError(file, f"{key}: must be a list")
    return value
