"""The languages the dashboard window hands WebKitGTK: proper language tags, whatever the locale is called."""

from __future__ import annotations

import pytest

from lighttrack.ui._webkitgtk import language_tags


@pytest.mark.parametrize(("locale_names", "tags"), [
    (["C.UTF-8", "C", "C"], ["en-US"]),  # WebKit itself made "C" of this one, and Intl threw on it
    (["POSIX", "C"], ["en-US"]),
    ([], ["en-US"]),
    (["de_DE.UTF-8", "de_DE", "de.UTF-8", "de", "C"], ["de-DE", "de"]),
    (["sr_RS.UTF-8@latin", "sr_RS@latin", "sr_RS", "sr@latin", "sr", "C"], ["sr-RS", "sr"]),
    (["pt_BR", "pt", "en_GB", "en", "C"], ["pt-BR", "pt", "en-GB", "en"]),  # $LANGUAGE=pt_BR:en_GB keeps its order
])
def test_language_tags_from_locale_names(locale_names, tags):
    assert language_tags(locale_names) == tags
