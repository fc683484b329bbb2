"""Base viewsets: queryset scoped to the caller, and `?format=csv` streamed row by row."""

from __future__ import annotations

from itertools import chain, islice

from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework import mixins, viewsets

from engagement.api.renderers import csv_lines

CSV_CHUNK_SIZE = 1000


class ScopedMixin:
    """`get_queryset` applies the model's `visible_to(user)`: out of scope is not found."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class CSVStreamingMixin:
    """`?format=csv` on a list: every filtered row (no pages), serialized and written as it is read."""

    csv_filename: str | None = None

    def list(self, request, *args, **kwargs):
        if getattr(request.accepted_renderer, "format", None) != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        # One serializer for every row: building its fields per row costs ten times the row itself.
        # The list's own (`get_serializer(many=True)`): a viewset may read its rows otherwise.
        serializer = self.get_serializer(many=True).child
        header = list(serializer.fields)
        instances = queryset.iterator(chunk_size=CSV_CHUNK_SIZE)
        # The first chunk is read here, inside the view: a database error is still an API error
        # (through the exception handler), not a 200 that breaks off mid-stream.
        first = list(islice(instances, 1))
        rows = (serializer.to_representation(instance) for instance in chain(first, instances))
        response = StreamingHttpResponse(
            csv_lines(rows, header=header),
            content_type="text/csv; charset=utf-8",
        )
        name = self.csv_filename or self.basename
        response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.csv"'
        return response


class ReadOnlyViewSet(ScopedMixin, CSVStreamingMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve, scoped, with CSV."""


class ModelViewSet(ScopedMixin, CSVStreamingMixin, viewsets.ModelViewSet):
    """Full CRUD, scoped, with CSV; writes are for the roles RolePermission allows."""


class CreateListRetrieveViewSet(
    ScopedMixin,
    CSVStreamingMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Append-only resources: no update, no delete (405)."""
