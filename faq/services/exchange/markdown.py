"""The Markdown format: a folder with a file per article and language, and the screenshots.

    export.yaml                 format: helpdesk-faq, version: 1
    teams.yaml, topics.yaml     teams by name, topics by slug (translations inside)
    articles/0001-<slug>.md     front matter (YAML): the article's fields and its steps
                                as a list of {id, position, body, image, image_alt};
                                body: the answer before the steps after the line
                                <!-- answer_intro -->, the answer after them after
                                <!-- answer_outro -->
    articles/0001-<slug>.sv.md  its translation into Swedish, the same way; its steps
                                are {id, body, image_alt}, by the source step's id
    images/steps/…              every rendition of each screenshot, under its name in
                                the media storage; a step's `image` names the widest

A text that holds one of the two marker lines goes into the front matter instead
(answer_intro, answer_outro), so any text survives the trip. A screenshot added
by hand may be any image file under images/: it is checked and resized as an upload.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path, PurePosixPath
from shutil import rmtree

import yaml

from faq.selectors.exchange import ArticleRecord
from faq.services.exchange.documents import (
    FORMAT,
    VERSION,
    ArticleEntry,
    Bundle,
    Doc,
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

INTRO = "<!-- answer_intro -->"
OUTRO = "<!-- answer_outro -->"
MANIFEST = "export.yaml"
IMAGES = "images"
_OURS = ("articles", IMAGES, "teams.yaml", "topics.yaml", MANIFEST)


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a literal block, as it was typed; PyYAML quotes it instead
    where a block could not hold it exactly."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _text)


def _yaml(data: object) -> str:
    # Wide enough that no line is folded: folding is exact, but hard to read in a diff.
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 16, indent=2
    )


def _page(front: Doc, intro: str, outro: str) -> str:
    if any(mark in text for mark in (INTRO, OUTRO) for text in (intro, outro)):
        return f"---\n{_yaml({**front, 'answer_intro': intro, 'answer_outro': outro})}---\n"
    # The blank line before the second marker and the last newline are the layout's.
    return f"---\n{_yaml(front)}---\n{INTRO}\n{intro}\n\n{OUTRO}\n{outro}\n"


def stem(record: ArticleRecord) -> str:
    return f"{record.id:04d}-{record.slug}" if record.id is not None else record.slug


def _prepared(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise ExchangeError(str(root), "is a file: a Markdown export is a folder")
    if root.exists() and any(root.iterdir()):
        if not (root / MANIFEST).is_file():
            raise ExchangeError(str(root), f"is not empty and holds no earlier export ({MANIFEST})")
        # An earlier export is replaced whole, so an article deleted since leaves no file;
        # anything else in the folder (.git, a README) stays.
        for name in _OURS:
            target = root / name
            if target.is_dir():
                rmtree(target)
            elif target.exists():
                target.unlink()
    root.mkdir(parents=True, exist_ok=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not text mode: a CRLF an editor's browser sent stays a CRLF.
    path.write_bytes(text.encode("utf-8"))


def markdown_write(root: Path, bundle: Bundle, *, image_bytes: Callable[[str], bytes]) -> int:
    """Write the bundle into the folder `root` (made, or an earlier export replaced);
    return the number of files written."""
    _prepared(root)
    files = 0

    def write(name: str, text: str) -> None:
        nonlocal files
        _write(root / name, text)
        files += 1

    write(MANIFEST, _yaml({"format": FORMAT, "version": VERSION}))
    write("teams.yaml", _yaml({"teams": [team_doc(t) for t in bundle.teams]}))
    write("topics.yaml", _yaml({"topics": [topic_doc(t) for t in bundle.topics]}))
    images: set[str] = set()
    for entry in bundle.articles:
        record = entry.record
        front = article_doc(record, image_ref=lambda key: f"{IMAGES}/{key}")
        intro, outro = str(front.pop("answer_intro")), str(front.pop("answer_outro"))
        write(f"articles/{stem(record)}.md", _page(front, intro, outro))
        for translation in record.translations:
            doc = translation_doc(translation)
            intro, outro = str(doc.pop("answer_intro")), str(doc.pop("answer_outro"))
            write(f"articles/{stem(record)}.{translation.language}.md", _page(doc, intro, outro))
        images.update(name for step in record.steps for name in step.renditions)
    for key in sorted(images):
        path = root / IMAGES / _safe(key, file=key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_bytes(key))
        files += 1
    return files


def _safe(key: str, *, file: str) -> str:
    parts = PurePosixPath(key).parts
    if not parts or key.startswith("/") or any(p in ("..", ".", "") for p in parts):
        raise ExchangeError(file, f"“{key}” is not a path inside the export")
    return key


def _read_text(path: Path, root: Path) -> str:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError(_name(path, root), "is not UTF-8 text") from None
    # A file saved by an editor that writes CRLF throughout.
    return text.replace("\r\n", "\n") if text.startswith("---\r\n") else text


def _name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _load(text: str, file: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ExchangeError(file, f"{problem}{where}") from None


def _page_read(text: str, file: str) -> dict[object, object]:
    """The front matter, with answer_intro and answer_outro from the body."""
    if not text.startswith("---\n"):
        raise ExchangeError(file, "must start with front matter between two --- lines")
    end = text.find("\n---\n", 3)
    if end < 0 and text.endswith("\n---"):
        end = len(text) - 4
    if end < 0:
        raise ExchangeError(file, "the front matter has no closing --- line")
    front = _load(text[4 : end + 1], file)
    if not isinstance(front, dict):
        raise ExchangeError(file, "the front matter must be a mapping of fields")
    body = text[end + 5 :]
    if not body.strip():
        return front
    if "answer_intro" in front or "answer_outro" in front:
        raise ExchangeError(file, "the answers are in the front matter and in the body")
    if not body.startswith(f"{INTRO}\n"):
        raise ExchangeError(file, f"the body must start with the line {INTRO}")
    rest = body[len(INTRO) + 1 :] + ("" if body.endswith("\n") else "\n")
    cut = rest.find(f"\n{OUTRO}\n")
    if cut < 0:
        raise ExchangeError(file, f"the body has no line {OUTRO}")
    intro, outro = rest[:cut], rest[cut + len(OUTRO) + 2 :]
    return {
        **front,
        "answer_intro": intro.removesuffix("\n"),
        "answer_outro": outro.removesuffix("\n"),
    }


def _yaml_file(root: Path, name: str, key: str) -> list[object]:
    path = root / name
    if not path.is_file():
        return []
    data = _load(_read_text(path, root), name)
    items = data.get(key) if isinstance(data, dict) else None
    if data is not None and not isinstance(items, list):
        raise ExchangeError(name, f"must hold a list under “{key}”")
    return items or []


def _images(root: Path) -> dict[str, ImageSource]:
    folder = root / IMAGES
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def markdown_read(root: Path) -> Bundle:
    """Read a folder written by markdown_write (or by hand the same way); raises
    ExchangeError."""
    manifest = (
        _load(_read_text(root / MANIFEST, root), MANIFEST) if (root / MANIFEST).is_file() else None
    )
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExchangeError(MANIFEST, f"missing or not “format: {FORMAT}”: is this an export?")
    if manifest.get("version") != VERSION:
        raise ExchangeError(MANIFEST, f"version {manifest.get('version')} is not {VERSION}")
    teams = tuple(
        team_read(item, file="teams.yaml", number=n)
        for n, item in enumerate(_yaml_file(root, "teams.yaml", "teams"), start=1)
    )
    topics = tuple(
        topic_read(item, file="topics.yaml", number=n)
        for n, item in enumerate(_yaml_file(root, "topics.yaml", "topics"), start=1)
    )
    pages: Mapping[str, dict[str, Path]] = _pages(root)
    articles = []
    for key in sorted(pages):
        group = pages[key]
        if "" not in group:
            other = sorted(group.values())[0]
            raise ExchangeError(
                _name(other, root), f"a translation of articles/{key}.md, which is not there"
            )
        translations = []
        for code, path in sorted(group.items()):
            if not code:
                continue
            file = _name(path, root)
            data = _page_read(_read_text(path, root), file)
            item = translation_read(data, file=file)
            if item.language != code:
                raise ExchangeError(file, f"its name says {code}, its language is {item.language}")
            translations.append(item)
        file = _name(group[""], root)
        data = _page_read(_read_text(group[""], root), file)
        record = article_read(
            data, file=file, image_key=partial(_image_key, file=file), translations=translations
        )
        articles.append(ArticleEntry(file=file, record=record))
    return Bundle(teams=teams, topics=topics, articles=tuple(articles), images=_images(root))


def _pages(root: Path) -> dict[str, dict[str, Path]]:
    pages: dict[str, dict[str, Path]] = defaultdict(dict)
    folder = root / "articles"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        key, _, language = path.name.removesuffix(".md").partition(".")
        pages[key][language] = path
    return pages


def _image_key(ref: str, file: str) -> str:
    prefix = f"{IMAGES}/"
    if not ref.startswith(prefix):
        raise ExchangeError(file, f"the screenshot “{ref}” is not under {prefix}")
    return _safe(ref.removeprefix(prefix), file=file)
