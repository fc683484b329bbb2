"""Briefing notes: a State's note, a meeting's notes (one per State), as a page or a PDF; talking points.

The PDF is rendered here by WeasyPrint from `dashboards/brief_pdf.html`. It never reaches the
network: its URL fetcher serves our static files from disk and refuses every other address.
"""

from __future__ import annotations

import mimetypes
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.selectors import brief as notes
from engagement.choices import Role
from engagement.forms import add_service_errors, max_length_of
from engagement.models import MemberState
from engagement.roles import is_staff
from engagement.services import member_state_update_talking_points
from engagement.views import OFFICE_READERS, roles_required

# `?format=` of a brief: the page (default) or its PDF.
FORMATS = ("html", "pdf")


def _chosen_format(request) -> str | None:
    """The format asked for; None when it is neither of FORMATS (the caller answers 400)."""
    chosen = request.GET.get("format", "html") or "html"
    return chosen if chosen in FORMATS else None


def _bad_format(request):
    return render(request, "dashboards/brief_bad_format.html", {"formats": FORMATS}, status=400)


@roles_required(read=OFFICE_READERS)
def state_brief(request, iso3: str):
    """One State's briefing note (`?format=pdf` downloads it); a viewer's has no confidential part."""
    chosen = _chosen_format(request)
    if chosen is None:
        return _bad_format(request)
    member_state = notes.brief_state(user=request.user, iso3=iso3)
    if member_state is None:
        raise Http404
    today = timezone.localdate()
    note = notes.state_brief(user=request.user, member_state=member_state, today=today)
    context = {
        "title": _("Briefing note: %(state)s") % {"state": member_state.local_name},
        "notes": [note],
        "today": today,
        "confidential": note.confidential,
        "state": member_state,
    }
    if chosen == "pdf":
        return _pdf_response(request, context, f"brief-{member_state.iso3}-{today.isoformat()}.pdf")
    return render(request, "dashboards/brief.html", context)


@roles_required(read=OFFICE_READERS)
def meeting_brief(request, pk: int):
    """A meeting's header and one note per State it involves, in one document (one PDF page each)."""
    chosen = _chosen_format(request)
    if chosen is None:
        return _bad_format(request)
    today = timezone.localdate()
    brief = notes.meeting_brief(user=request.user, pk=pk, today=today)
    if brief is None:
        raise Http404
    context = {
        "title": _("Briefing notes: %(meeting)s") % {"meeting": brief.meeting.title},
        "meeting": brief.meeting,
        "meeting_states": brief.states,
        "notes": brief.notes,
        "today": today,
        "confidential": is_staff(request.user),
    }
    if chosen == "pdf":
        return _pdf_response(request, context, f"brief-meeting-{pk}-{today.isoformat()}.pdf")
    return render(request, "dashboards/brief.html", context)


# --- The PDF ----------------------------------------------------------------------------------------


def _static_name(url: str) -> str | None:
    """The static file a URL of the rendered note names, or None when it names anything else."""
    prefix = urljoin(f"{settings.SITE_URL}/", settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    name = unquote(urlsplit(url[len(prefix) :]).path)
    return name or None


def static_file_bytes(url: str) -> bytes:
    """The content of the static file `url` names (collected, else found by the finders).

    Raises ValueError for any other URL, a path that leaves the static directories, or a file
    that does not exist: WeasyPrint then logs the refusal and renders without it.
    """
    name = _static_name(url)
    if name is None:
        raise ValueError(f"Only the tracker's static files are served to the PDF renderer, not {url}")
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
        path = finders.find(name)
    except (SuspiciousFileOperation, ValueError) as error:
        raise ValueError(f"Refused static path {name!r}") from error
    if not path:
        raise ValueError(f"No static file {name!r}")
    with open(path, "rb") as handle:
        return handle.read()


@cache
def static_only_fetcher():
    """A WeasyPrint URL fetcher that answers from `static_file_bytes` and never opens a connection."""
    # Imported here: WeasyPrint and Pango take about a second to load, and only a download needs them.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body = static_file_bytes(url)
            content_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnlyFetcher(timeout=1, allowed_protocols=("http", "https"))


def _pdf_response(request, context: dict, filename: str) -> HttpResponse:
    """The note rendered by WeasyPrint (tagged PDF), as a download named `filename`."""
    from weasyprint import HTML

    html = render_to_string("dashboards/brief_pdf.html", context, request=request)
    # Links in the PDF lead to the tracker itself (SITE_URL); nothing is fetched from there.
    document = HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=static_only_fetcher())
    response = HttpResponse(document.write_pdf(pdf_tags=True), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Talking points ----------------------------------------------------------------------------------


class TalkingPointsForm(forms.Form):
    """The State's talking points, and the history record the editor started from."""

    talking_points = forms.CharField(
        label=gettext_lazy("Talking points"),
        required=False,
        max_length=max_length_of(MemberState, "talking_points"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Staff only. Shown in the staff briefing note, never to viewers or focal points."
        ),
    )
    based_on = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


@roles_required(read=(Role.STAFF,), write=(Role.STAFF,))
def talking_points(request, iso3: str):
    """Staff edit the talking points they keep on a State, and read who changed them and when.

    A save refused because a colleague saved in between keeps the editor's text in the form, shows
    the colleague's, and starts the form from their version: saving again replaces it knowingly.
    """
    member_state = notes.brief_state(user=request.user, iso3=iso3)
    if member_state is None:
        raise Http404
    history, latest = notes.talking_points_history(member_state)
    if request.method != "POST":
        initial = {"talking_points": member_state.talking_points, "based_on": latest}
        return _talking_points_page(request, member_state, TalkingPointsForm(initial=initial), history)
    form, stale = TalkingPointsForm(request.POST), False
    if form.is_valid():
        try:
            changed = member_state_update_talking_points(
                member_state=member_state,
                talking_points=form.cleaned_data["talking_points"],
                by=request.user,
                based_on=form.cleaned_data["based_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            stale = any(e.code == "stale_edit" for e in error.error_dict.get("talking_points", []))
            member_state.refresh_from_db(fields=["talking_points"])
            history, latest = notes.talking_points_history(member_state)
            form.data = form.data.copy()
            form.data["based_on"] = str(latest)
        else:
            messages.success(request, _("Talking points saved.") if changed else _("Nothing changed."))
            return redirect("state-talking-points", iso3=member_state.iso3)
    return _talking_points_page(request, member_state, form, history, stale=stale)


def _talking_points_page(request, member_state, form, history, *, stale: bool = False):
    context = {"state": member_state, "form": form, "history": history, "stale": stale}
    return render(request, "dashboards/brief_talking_points.html", context)
