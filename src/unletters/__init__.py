"""un-letters: United Nations letters as a structured, validated research corpus."""

__version__ = "0.1.0"
