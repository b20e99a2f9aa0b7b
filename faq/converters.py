"""URL converters that refuse ids the database could not hold."""

from django.urls import register_converter

# The largest id any supported database's integer key can hold; longer or
# larger numbers are a 404, not an overflow error inside the database driver.
MAX_ID = 2**31 - 1


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number < 1 or number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def id_or_none(value: str | None) -> int | None:
    """An id typed into a form or a query string, or None for anything else."""
    try:
        return IdConverter().to_python(value or "")
    except ValueError:
        return None


# Registered on import, so the admin site's URLs (loaded before faq.urls) can use it.
register_converter(IdConverter, "id")


class ReferenceConverter:
    """A question's reference: "Q-" and six of the letters and digits it is made of."""

    regex = "Q-[A-HJKMNP-Z2-9]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "reference")
