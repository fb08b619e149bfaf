"""The vocabulary (product terms, vendors, places, agreement cues, site kinds) as validated data."""

from keywords.errors import SafecityError, VocabularyError
from keywords.loader import load_vocabulary
from keywords.model import CATEGORY_IDS, LANGUAGES, SITE_KINDS, STAGES, Vocabulary

__all__ = [
    "CATEGORY_IDS",
    "LANGUAGES",
    "SITE_KINDS",
    "STAGES",
    "SafecityError",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
]
