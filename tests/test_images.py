"""Screenshots in steps: checking uploads, renditions, alt text, the page, the admin, the demo."""

import io
import re
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from PIL import Image

from faq import services
from faq.images import ImageRejectedError, image_inspect
from faq.models import Step
from tests.factories import make_article, make_staff, make_topic, png, png_claiming, upload
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ROOT = Path(__file__).resolve().parent.parent


def rejected(file) -> str:
    with pytest.raises(ImageRejectedError) as error:
        image_inspect(file)
    return str(error.value)


# Checking an upload by its content


def test_a_text_file_named_png_is_not_an_image():
    assert "not an image" in rejected(upload(b"just some text, honest", "shot.png"))


def test_an_image_over_the_size_cap_is_refused_unread():
    big = upload(b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024), "huge.png")
    assert "20 MB" in rejected(big)
    assert "at most 5 MB" in rejected(big)


def test_a_decompression_bomb_is_refused_unopened():
    # A few hundred bytes claiming 20000 x 20000 pixels (1.6 GB decoded).
    assert "claims more pixels" in rejected(upload(png_claiming(20000, 20000)))
    # Just past Pillow's own limit, where it only warns: a warning is an error here.
    assert "claims more pixels" in rejected(upload(png_claiming(9500, 9500)))


def test_dimensions_beyond_a_screenshot_are_refused():
    assert "at most 8000 px a side" in rejected(upload(png_claiming(8001, 100)))
    assert "too small" in rejected(upload(png(8, 8)))


def test_a_truncated_image_is_refused():
    whole = png(600, 400, noise=True)
    assert "damaged or incomplete" in rejected(upload(whole[: len(whole) // 2]))


def test_types_are_told_by_content_not_by_name():
    bmp = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(bmp, "BMP")
    assert "BMP image" in rejected(upload(bmp.getvalue(), "looks-fine.png"))
    inspected = image_inspect(upload(png(300, 200), "named-wrongly.jpg"))
    assert (inspected.format, inspected.width, inspected.height) == ("PNG", 300, 200)


# Renditions


def test_renditions_come_in_widths_never_upscaled(settings):
    article = make_article(steps=1)
    step = article.steps.get()
    services.step_image_set(step=step, upload=upload(png(2000, 1000)), alt="A wide dialog")
    step.refresh_from_db()
    assert [r["width"] for r in step.image_renditions] == [480, 960, 1440]
    assert (step.image_width, step.image_height) == (1440, 720)
    for rendition in step.image_renditions:
        with step.image.storage.open(rendition["name"]) as file, Image.open(file) as image:
            assert image.format == "PNG"
            assert image.width == rendition["width"]
    assert step.image.name == step.image_renditions[-1]["name"]
    assert Path(settings.MEDIA_ROOT, step.image.name).is_file()

    services.step_image_set(step=step, upload=upload(png(700, 350)), alt="A small dialog")
    step.refresh_from_db()
    assert [r["width"] for r in step.image_renditions] == [480, 700]
    services.step_image_set(step=step, upload=upload(png(300, 150)), alt="A tiny dialog")
    step.refresh_from_db()
    assert [r["width"] for r in step.image_renditions] == [300]


def test_renditions_drop_the_uploads_metadata_and_keep_photos_lossy():
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude: where the photo was taken
    Image.new("RGB", (1000, 800), "teal").save(photo, "JPEG", exif=exif.tobytes())
    step = make_article(steps=1).steps.get()
    services.step_image_set(step=step, upload=upload(photo.getvalue(), "photo.jpg"), alt="A photo")
    step.refresh_from_db()
    assert step.image.name.endswith("-1000.jpg")
    with step.image.storage.open(step.image.name) as file, Image.open(file) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_the_same_image_twice_is_stored_once():
    first, second = make_article(steps=2).steps.all()
    services.step_image_set(step=first, upload=upload(png(900, 500)), alt="One")
    services.step_image_set(step=second, upload=upload(png(900, 500)), alt="Two")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.image_renditions == second.image_renditions


# Alt text


def test_a_screenshot_needs_alt_text():
    step = make_article(steps=1).steps.get()
    with pytest.raises(ValueError, match="alt text"):
        services.step_image_set(step=step, upload=upload(png(600, 300)), alt="   ")
    step.refresh_from_db()
    assert not step.image


def test_the_database_refuses_an_image_without_alt_text():
    step = make_article(steps=1).steps.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=step.pk).update(
            image="steps/x-480.png", image_width=480, image_height=240, image_alt=""
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=step.pk).update(image="steps/x-480.png", image_alt="A dialog")


# The article page


def article_with_screenshot():
    article = make_article("How do I sync EndNote?", steps=["Open Preferences.", "Press Sync."])
    step = article.steps.get(position=2)
    services.step_image_set(
        step=step, upload=upload(png(1600, 900)), alt="The Sync pane of EndNote Preferences"
    )
    step.refresh_from_db()
    return article, step


def image_tag(html: str) -> str:
    found = re.search(r"<img [^>]*srcset=[^>]*>", html)
    assert found, "no image with a srcset on the page"
    return found.group(0)


def test_the_page_shows_the_screenshot_under_its_step(client):
    article, step = article_with_screenshot()
    html = client.get(article.get_absolute_url()).content.decode()
    tag = image_tag(html)
    assert 'alt="The Sync pane of EndNote Preferences"' in tag
    assert 'loading="lazy"' in tag
    assert 'decoding="async"' in tag
    assert 'width="1440" height="810"' in tag
    assert 'sizes="(min-width: 44rem) 35rem, calc(100vw - 7.5rem)"' in tag
    names = [r["name"] for r in step.image_renditions]
    assert (
        f'srcset="/media/{names[0]} 480w, /media/{names[1]} 960w, /media/{names[2]} 1440w"' in tag
    )
    assert f'src="/media/{names[2]}"' in tag
    # Under the step's own text, inside the step.
    step_html = html[html.index('id="step-2"') :]
    assert step_html.index("Press Sync.") < step_html.index("<img") < step_html.index("</li>")
    assert "<img" not in html[html.index('id="step-1"') : html.index('id="step-2"')]


def test_the_page_as_htmx_and_a_ticked_step_keep_the_screenshot(client):
    article, step = article_with_screenshot()
    assert image_tag(client.get(article.get_absolute_url(), **HTMX).content.decode())
    tick = client.post(f"{article.get_absolute_url()}steps/{step.pk}/", {"done": "1"}, **HTMX)
    assert tick.status_code == 200
    assert 'alt="The Sync pane of EndNote Preferences"' in image_tag(tick.content.decode())
    # The returning reader's page, from the cached shell with the step ticked.
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<li class="step is-done" id="step-2">' in html
    assert image_tag(html)


def test_adding_replacing_and_removing_show_on_the_next_request(client):
    article = make_article(steps=["Open Preferences."])
    step = article.steps.get()
    url = article.get_absolute_url()
    assert "srcset" not in client.get(url).content.decode()
    services.step_image_set(step=step, upload=upload(png(800, 400)), alt="First shot")
    assert 'alt="First shot"' in client.get(url).content.decode()
    services.step_image_set(step=step, upload=upload(png(800, 400, colour="navy")), alt="New")
    assert 'alt="New"' in client.get(url).content.decode()
    services.step_image_clear(step=step)
    assert "srcset" not in client.get(url).content.decode()


def test_print_and_screen_styles_keep_images_in_the_column():
    site = (ROOT / "static/css/site.css").read_text()
    printed = (ROOT / "static/css/print.css").read_text()
    assert ".step__figure img { display: block; max-width: 100%; height: auto; }" in site
    assert ".step__figure img { max-width: 100%; max-height: 9cm; width: auto; height: auto; }" in (
        printed
    )
    assert ".step__figure" not in printed.split("display: none")[0]


# The admin


def change_url(article) -> str:
    return f"/admin/faq/article/{article.pk}/change/"


def admin_rows(article, **second):
    first, other = article.steps.order_by("position")
    return [
        {"id": first.pk, "position": 1, "body": first.body},
        {"id": other.pk, "position": 2, "body": other.body, **second},
    ]


def admin_post(client, article, rows):
    data = step_form(article, rows)
    for i, row in enumerate(rows):
        for field in ("image_upload", "image_alt", "image_remove"):
            if field in row:
                data[f"steps-{i}-{field}"] = row[field]
    return client.post(change_url(article), data)


def test_staff_add_a_screenshot_in_the_admin(staff_client):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    response = admin_post(
        staff_client,
        article,
        admin_rows(article, image_upload=upload(png(1200, 700)), image_alt="The Sync pane"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    step = article.steps.get(position=2)
    assert step.image_alt == "The Sync pane"
    assert [r["width"] for r in step.image_renditions] == [480, 960, 1200]
    page = staff_client.get(change_url(article)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'alt="The Sync pane"' in page
    assert 'alt="The Sync pane"' in staff_client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an image at all", "not an image we can read"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024), "at most 5 MB"),
        (png_claiming(30000, 30000), "claims more pixels"),
        (png(900, 600, noise=True)[:3000], "damaged or incomplete"),
    ],
    ids=["not-an-image", "20-MB", "bomb", "truncated"],
)
def test_a_bad_file_gets_a_form_error_and_changes_nothing(staff_client, content, message):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    response = admin_post(
        staff_client,
        article,
        admin_rows(article, image_upload=upload(content), image_alt="The Sync pane", body="New"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    step = article.steps.get(position=2)
    assert (step.body, step.image.name, step.image_alt) == ("Press Sync.", "", "")


def test_an_upload_past_the_request_cap_is_a_400_and_changes_nothing(staff_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    rows = admin_rows(article, image_upload=upload(b"\0" * (2 * 1024 * 1024)), image_alt="Big")
    response = admin_post(staff_client, article, [{**rows[0], "body": "Changed"}, rows[1]])
    assert response.status_code == 400
    assert article.steps.get(position=1).body == "Open Preferences."


def test_a_screenshot_without_alt_text_gets_a_form_error(staff_client):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    response = admin_post(
        staff_client, article, admin_rows(article, image_upload=upload(png(600, 300)))
    )
    assert response.status_code == 200
    assert "Describe the screenshot" in response.content.decode()
    assert not article.steps.get(position=2).image


def test_staff_change_the_alt_text_and_remove_the_screenshot(staff_client):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    step = article.steps.get(position=2)
    services.step_image_set(step=step, upload=upload(png(600, 300)), alt="Old words")
    response = admin_post(staff_client, article, admin_rows(article, image_alt=""))
    assert response.status_code == 200
    assert "Describe the screenshot" in response.content.decode()
    response = admin_post(staff_client, article, admin_rows(article, image_alt="Better words"))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.image_alt == "Better words"
    response = admin_post(
        staff_client, article, admin_rows(article, image_alt="", image_remove="on")
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.image.name, step.image_renditions, step.image_alt) == ("", [], "")
    assert "srcset" not in staff_client.get(article.get_absolute_url()).content.decode()


def test_only_staff_can_upload(client):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    rows = admin_rows(article, image_upload=upload(png(600, 300)), image_alt="Sneaky")
    response = admin_post(client, article, rows)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    reader = make_staff()
    reader.is_staff = False
    reader.save()
    client.force_login(reader)
    rows = admin_rows(article, image_upload=upload(png(600, 300)), image_alt="Sneaky")
    assert admin_post(client, article, rows).status_code in (302, 403)
    assert not article.steps.get(position=2).image


# The demo


def test_the_demo_puts_a_screenshot_on_the_endnote_articles_fifth_step(client):
    from demo.loader import demo_load

    demo_load()
    step = Step.objects.get(article__slug="sync-endnote-library-to-new-library", position=5)
    assert "#!resetLocalSync" in step.image_alt
    assert [r["width"] for r in step.image_renditions] == [480, 960, 1020]
    assert (ROOT / "demo/images/endnote-sync-preferences.png").stat().st_size < 60_000
    # Drawn in few colours, its renditions stay palette PNGs, small for readers.
    for rendition in step.image_renditions:
        with step.image.storage.open(rendition["name"]) as file:
            assert len(file.read()) < 60_000
            file.seek(0)
            with Image.open(file) as image:
                assert image.mode == "P"
    html = client.get(step.article.get_absolute_url()).content.decode()
    assert "#!resetLocalSync, and Sync automatically is unticked" in image_tag(html)
    assert Step.objects.exclude(image="").count() == 1
