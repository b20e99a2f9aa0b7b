"""Date and number formats by language, where Django's own for it are not what we want."""
