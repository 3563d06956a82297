"""wijkpost: write a neighbourhood update once, publish it everywhere, and keep up with replies."""

__version__ = "0.1.0"
