"""The neighbourhood site: post files, the static site builder and a small dev server.

The build is a pipeline (read → plan → render → write), one module per step:

- :mod:`~wijkpost.site.posts` reads and writes post files (YAML front matter + CommonMark);
- :mod:`~wijkpost.site.sources` finds a site's posts and checks them, through a metadata cache;
- :mod:`~wijkpost.site.plan` lists every output with a signature of what it is made from;
- :mod:`~wijkpost.site.context` renders an output: template context, Markdown, feeds
  (helped by :mod:`~wijkpost.site.markdown`, :mod:`~wijkpost.site.feeds`,
  :mod:`~wijkpost.site.ui` and :mod:`~wijkpost.site.images`);
- :mod:`~wijkpost.site.writer` writes only changed bytes and removes stale files;
- :mod:`~wijkpost.site.build` ties these together (``build_site``);
- :mod:`~wijkpost.site.serve` previews a built site locally.

This package module imports nothing on purpose: the publish path imports ``wijkpost.site.posts``
without paying for Jinja2 or cmark.
"""
