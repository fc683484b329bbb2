"""The open data: /public/data/ describes each dataset, /public/data/<dataset>.<format> downloads it.

Anyone may read them, no sign-in, public records only (pledges/opendata.py). Both are cached as the
open feed is (`pledges.caching.public_page`): ETag, Last-Modified, 304, shared for five minutes.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from pledges.caching import public_page
from pledges.opendata import open_data_download_response, open_data_page


@public_page
def open_data(request):
    """Each dataset: what it holds, its rows, update time, licence, downloads and data dictionary."""
    return render(request, "pledges/open_data.html", open_data_page(today=timezone.localdate()))


@public_page
def open_data_download(request, dataset: str, file_format: str):
    """One dataset as CSV, XLSX or JSON; an unknown dataset or format is not found."""
    response = open_data_download_response(slug=dataset, file_format=file_format, today=timezone.localdate())
    if response is None:
        raise Http404
    return response
