"""Crawling, as the app shell does it: the sources file (``sources``), planning and running
crawls (``planning``), scheduling them (``scheduling``), and their commands: ``safecity crawl``
(``command``), ``safecity schedule`` (``schedule``) and ``safecity runs`` (``runs``)."""
