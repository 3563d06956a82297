"""The neighbourhood site: post files, the static site builder and a small dev server.

The build is a pipeline (read → context → write):

- :mod:`wijkpost.site.posts` reads and writes post files (YAML front matter + CommonMark);
- :mod:`wijkpost.site.sources` finds a site's posts, with a cache of their parsed metadata;
- :mod:`wijkpost.site.context` turns posts into the list of outputs, each with an input signature;
- :mod:`wijkpost.site.writer` writes only outputs whose bytes changed and removes stale ones;
- :mod:`wijkpost.site.build` ties these together (``build_site``).

This package module imports nothing heavy on purpose: the publish path imports
``wijkpost.site.posts`` without paying for Jinja2 or markdown-it.
"""
