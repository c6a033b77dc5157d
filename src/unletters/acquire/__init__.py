"""Acquire the real letters: harvest UN Digital Library records over OAI-PMH, select the letters,
fetch their English PDFs politely and resumably, and keep the catalogue records for the build.

Modules: ``oai`` (harvesting), ``marc`` (MARCXML to dicts), ``select`` (which records are
letters), ``fetch`` (polite HTTP and the PDF check), ``catalog`` (the join for the build) and
``pipeline`` (the two phases end to end).
"""
