"""`?search=` for every list: DRF's search, refusing text no database column can hold."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError

MAX_SEARCH_LENGTH = 200


class SearchFilter(filters.SearchFilter):
    """A NUL byte or an over-long search is a 400 naming `search`, before any query runs."""

    def get_search_terms(self, request):
        text = request.query_params.get(self.search_param, "")
        if "\x00" in text:
            raise ValidationError({self.search_param: [_("Search text cannot contain NUL characters.")]})
        if len(text) > MAX_SEARCH_LENGTH:
            message = _("Search text is limited to %(n)d characters.") % {"n": MAX_SEARCH_LENGTH}
            raise ValidationError({self.search_param: [message]})
        return super().get_search_terms(request)
