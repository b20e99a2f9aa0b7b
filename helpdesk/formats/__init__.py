"""Date and number formats by language (FORMAT_MODULE_PATH), where Django's own differ
from what the site shows."""
