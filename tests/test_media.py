"""Uploaded screenshots served and stored: the media middleware, and S3 through moto's server."""

import io
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer
from PIL import Image

from faq import services
from helpdesk.storage import s3_storage
from tests.factories import make_article, make_topic, png, upload
from tests.test_images import admin_post, admin_rows, image_tag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# Serving uploaded files


def stored_image():
    step = make_article(steps=1).steps.get()
    services.step_image_set(step=step, upload=upload(png(700, 400)), alt="A dialog")
    step.refresh_from_db()
    return step


def test_media_files_are_served_with_long_cache_headers(client):
    step = stored_image()
    response = client.get(f"/media/{step.image.name}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in response
    assert "Set-Cookie" not in response
    body = b"".join(response.streaming_content)
    assert body == step.image.storage.open(step.image.name).read()
    assert int(response["Content-Length"]) == len(body)
    head = client.head(f"/media/{step.image.name}")
    assert (head.status_code, head["Content-Length"]) == (200, str(len(body)))
    again = client.get(
        f"/media/{step.image.name}", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert again.status_code == 304
    assert client.post(f"/media/{step.image.name}").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/media/../helpdesk/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/steps/..%2f..%2fdb.sqlite3",
        "/media/..%5c..%5cREADME.md",
        "/media/steps/missing-480.png",
        "/media/steps/",
        "/media/.hidden.png",
        "/media/notes.html",
        "/media/link.png",
    ],
)
def test_media_answers_404_outside_its_folder_and_for_other_files(client, settings, path):
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    (root / "notes.html").write_text("<script>alert(1)</script>")
    (root / ".hidden.png").write_bytes(png(20, 20))
    link = root / "link.png"
    if not link.is_symlink():
        link.symlink_to(ROOT / "README.md")
    response = client.get(path)
    assert response.status_code == 404
    assert b"alert" not in response.content


# S3-compatible storage, against moto's S3 server on a local port


@pytest.fixture
def s3(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}
    os.environ.update({"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"})
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket="helpdesk-screenshots")
    # Pages link straight to the files: the bucket lets anyone read them, as it must.
    client.put_bucket_policy(
        Bucket="helpdesk-screenshots",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::helpdesk-screenshots/*",
                    }
                ],
            }
        ),
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket="helpdesk-screenshots", endpoint_url=endpoint, region="us-east-1"
        ),
    }
    yield client, endpoint
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.pop(name, None)
    server.stop()


def test_screenshots_go_to_an_s3_bucket_when_configured(staff_client, s3, settings):
    client, endpoint = s3
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    response = admin_post(
        staff_client,
        article,
        admin_rows(article, image_upload=upload(png(1000, 600)), image_alt="In the bucket"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    step = article.steps.get(position=2)
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="helpdesk-screenshots")["Contents"]}
    assert keys == {r["name"] for r in step.image_renditions}
    assert not Path(settings.MEDIA_ROOT, step.image.name).exists()

    tag = image_tag(staff_client.get(article.get_absolute_url()).content.decode())
    src = re.search(r'src="([^"]+)"', tag).group(1)
    assert src == f"{endpoint}/helpdesk-screenshots/{step.image.name}"
    assert f"{endpoint}/helpdesk-screenshots/{step.image_renditions[0]['name']} 480w" in tag
    with urllib.request.urlopen(src) as answer:  # noqa: S310 (our own local test server)
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        with Image.open(io.BytesIO(answer.read())) as image:
            assert (image.format, image.size) == ("PNG", (1000, 600))
    # The app server leaves /media/ alone: the files are in the bucket.
    assert staff_client.get(f"/media/{step.image.name}").status_code == 404

    services.step_image_set(step=step, upload=ContentFile(png(1000, 600), "x.png"), alt="Again")
    assert len(client.list_objects_v2(Bucket="helpdesk-screenshots")["Contents"]) == len(keys)


def settings_print(code: str, env: dict) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_s3_settings_come_from_the_environment_and_open_the_csp_to_the_bucket():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND']); "
        "print(settings.STORAGES['default'].get('OPTIONS', {}).get('endpoint_url')); "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "S3_BUCKET": "help-images",
        "S3_ENDPOINT_URL": "https://s3.example.edu:9000/",
    }
    out = settings_print(code, env)
    assert out[0] == "storages.backends.s3.S3Storage"
    assert out[1] == "https://s3.example.edu:9000/"
    assert "https://s3.example.edu:9000" in out[2]
    env.pop("S3_BUCKET")
    out = settings_print(code, env)
    assert out[0] == "django.core.files.storage.FileSystemStorage"
    assert "s3.example.edu" not in out[2]
