"""Page-number pagination with `?page_size=` capped at 500, and no pages for CSV exports.

Its own module: DRF imports it while importing `rest_framework.viewsets`, so it cannot live
beside the viewsets.
"""

from __future__ import annotations

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        # A CSV export carries every row of the filtered list, streamed by the renderer.
        if getattr(request, "accepted_renderer", None) and request.accepted_renderer.format == "csv":
            return None
        return super().paginate_queryset(queryset, request, view)
