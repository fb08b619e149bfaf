"""Pure functions from page to facts: main text, language, product/vendor/place/cue mentions,
agreement wording, and the candidate agreements a page supports."""

from extractors.analysis import Analysis, Mention, analyze
from extractors.candidates import Proposal, propose

__all__ = ["Analysis", "Mention", "Proposal", "analyze", "propose"]
