"""Where uploaded screenshots are stored: an S3-compatible bucket's settings for
django-storages, and the origins pages load them from (the CSP's img-src)."""


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    custom_domain: str = "",
    prefix: str = "",
    addressing_style: str = "",
) -> dict:
    """The default storage in an S3-compatible bucket (django-storages with boto3)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "custom_domain": custom_domain or None,
            "location": prefix,
            # Pages link to the files for as long as a cached page lives, so
            # the links must not expire: the bucket (or its prefix) is public.
            "querystring_auth": False,
            # Names are content hashes (faq/images.py): a file never changes.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            # A self-hosted endpoint (MinIO, moto, Ceph) answers on its own
            # host name, not the bucket's.
            "addressing_style": addressing_style or ("path" if endpoint_url else "auto"),
        },
    }


def s3_image_origins(
    *, bucket: str, endpoint_url: str = "", region: str = "", custom_domain: str = ""
) -> list[str]:
    """Where pages load screenshots from when they live in a bucket (for img-src)."""
    if not bucket:
        return []
    if custom_domain:
        return [f"https://{custom_domain.rstrip('/')}"]
    if endpoint_url:
        scheme, _, rest = endpoint_url.partition("://")
        return [f"{scheme}://{rest.split('/')[0]}"]
    dotted_region = f".{region}" if region else ""
    return [
        f"https://{bucket}.s3{dotted_region}.amazonaws.com",
        f"https://{bucket}.s3.amazonaws.com",
    ]
