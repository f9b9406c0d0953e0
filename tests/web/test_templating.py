"""Template helpers return plain data; the templates escape every part."""

from __future__ import annotations

from matcher.web.templating import highlight, knockout_label, percent, score_band


def test_highlight_splits_a_snippet_around_whole_word_hits_in_any_case():
    assert highlight("We use go and Go daily", "Go") == [
        ("We use ", False),
        ("go", True),
        (" and ", False),
        ("Go", True),
        (" daily", False),
    ]


def test_highlight_does_not_mark_a_term_inside_a_longer_word():
    assert highlight("Django is not Go", "Go") == [("Django is not ", False), ("Go", True)]


def test_highlight_treats_terms_as_text_not_patterns():
    assert highlight("C++ and C", "C++") == [("C++", True), (" and C", False)]


def test_highlight_of_no_snippet_is_empty():
    assert highlight(None, "Go") == []


def test_percent_and_bands_and_labels_read_well():
    assert percent(0.314) == "31%"
    assert percent(0.314, 1) == "31.4%"
    assert percent(None) == "–"
    assert [score_band(s) for s in (10, 50, 90)] == ["low", "mid", "high"]
    assert knockout_label("work_authorization") == "Work authorization"
    assert knockout_label("security_review") == "Security review"
