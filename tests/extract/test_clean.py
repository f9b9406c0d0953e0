"""clean_text: the repair applied to every extracted and pasted text."""

from __future__ import annotations

import pytest
from ftfy.chardata import UTF8_DETECTOR_RE
from ftfy.fixes import decode_inconsistent_utf8

from matcher.extract import clean, clean_text

CASES = [
    pytest.param("NaÃ¯ve Bayes, Â£5", "Naïve Bayes, £5", id="utf8-read-as-cp1252"),
    pytest.param("Skills â€¢ Python â€¢ Kafka", "Skills\n- Python\n- Kafka", id="mojibake-bullets"),
    pytest.param("eﬃcient ﬁle ﬂow", "efficient file flow", id="ligatures"),
    pytest.param("Soft\u00adware engi\u00ad\nneer", "Software engineer", id="soft-hyphens"),
    pytest.param("develop-\nment", "development", id="line-end-hyphenation-joined"),
    pytest.param("event-\ndriven APIs", "event-driven APIs", id="compound-hyphen-kept"),
    pytest.param("self-\nmotivated", "self-motivated", id="compound-prefix-kept"),
    pytest.param("Python-\nDjango", "Python-\nDjango", id="capitalised-tail-untouched"),
    pytest.param("implemen-\ntation", "implementation", id="split-word-joined"),
    pytest.param("Kuber-\nnetes", "Kubernetes", id="split-name-joined"),
    pytest.param("incident-\nresponse", "incident-response", id="two-words-whose-join-is-no-word"),
    pytest.param("on-\ncall rotation", "on-call rotation", id="rare-join-keeps-its-hyphen"),
    pytest.param("Kusto-\nmize", "Kustomize", id="half-that-is-no-word-joined"),
    pytest.param("S K I L L S", "SKILLS", id="letter-spaced-heading"),
    pytest.param("E D U C A T I O N:\nMIT", "EDUCATION:\nMIT", id="letter-spaced-with-colon"),
    pytest.param(
        "W O R K   E X P E R I E N C E", "WORK EXPERIENCE", id="letter-spaced-words-kept-apart"
    ),
    pytest.param("Skills: C, C++, A B testing", "Skills: C, C++, A B testing", id="a-b-testing"),
    pytest.param("grades A B C", "grades A B C", id="three-letters-are-not-spacing"),
    pytest.param("s k i l l s", "s k i l l s", id="lower-case-letters-untouched"),
    pytest.param("C, C, C, C++", "C, C, C, C++", id="letters-with-commas-untouched"),
    pytest.param("a\u00a0b\u2009c\u202fd", "a b c d", id="odd-spaces"),
    pytest.param("zero\u200bwidth\ufeff", "zerowidth", id="zero-width-removed"),
    pytest.param("• Python\n▪ Go\n● Rust\n◦ Java", "- Python\n- Go\n- Rust\n- Java", id="bullets"),
    pytest.param("Java • Shell • PHP", "Java\n- Shell\n- PHP", id="inline-bullets-split"),
    pytest.param("\uf0b7 Kafka", "- Kafka", id="symbol-font-bullet"),
    pytest.param("\uf0e0 me@example.org", "me@example.org", id="icon-font-glyph-removed"),
    pytest.param("(cid:128) Sunnyvale", "Sunnyvale", id="unmapped-pdf-glyph-removed"),
    pytest.param("a\r\nb\rc", "a\nb\nc", id="line-ends"),
    pytest.param("a\n\n\n\n\nb", "a\n\nb", id="blank-lines-collapsed"),
    pytest.param("a   \nb\t\tc  ", "a\nb c", id="spaces-collapsed-and-stripped"),
    pytest.param(
        "C++, C#, .NET, Node.js, CI/CD", "C++, C#, .NET, Node.js, CI/CD", id="skills-intact"
    ),
    pytest.param("“quoted” – dash", "“quoted” – dash", id="typography-kept"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_clean_text_repairs_the_text_and_keeps_its_words(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_of_empty_text_is_empty() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\u00a0\n ") == ""


def test_clean_text_keeps_a_hyphenated_form_the_text_uses_elsewhere() -> None:
    text = "Built micro-services.\nScaled micro-\nservices to 1M users."
    assert "Scaled micro-services" in clean_text(text)


def test_clean_text_is_idempotent() -> None:
    text = "Skills â€¢ Python â€¢ ﬁle-\nsystems\r\n\r\n\r\n  • Go  "
    once = clean_text(text)
    assert clean_text(once) == once


def test_the_translation_regex_replaces_as_the_table_does() -> None:
    # Every character the table changes, each beside ordinary text, and some it leaves alone.
    changed = "".join(f"a{chr(c)}b" for c in sorted(clean._TABLE))
    kept = "plain ASCII, é, ü, ж, 漢字, 😀, “quotes” – dashes\n"
    text = changed + kept + changed[::-1]
    assert clean._translate(text) == text.translate(clean._TABLE)
    assert clean._translate(kept) == kept


MOJIBAKE_TEXTS = [
    pytest.param("Skills â€¢ Python â€¢ Kafka, NaÃ¯ve Â£5 â€™", id="cp1252-runs"),
    pytest.param("Ã" * 40 + "â€œquotedâ€\x9d " * 30, id="dense-runs-beyond-the-budget"),
    pytest.param("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€ " * 50, id="cyrillic-read-as-latin-1"),
    pytest.param("ЁЂЃ plain Ã© after a look-behind letter, -Ã© after a dash", id="look-behind"),
    pytest.param("résumé, naïve, Zürich, 東京, no mojibake at all", id="clean-unicode"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", MOJIBAKE_TEXTS)
def test_runs_are_found_as_the_detector_finds_them(text: str) -> None:
    ours = [(m.span(), m.group()) for m in clean._utf8_runs(text)]
    reference = [(m.span(), m.group()) for m in UTF8_DETECTOR_RE.finditer(text)]
    assert ours == reference


@pytest.mark.parametrize("text", MOJIBAKE_TEXTS)
def test_mojibake_runs_are_repaired_as_ftfy_repairs_them(text: str) -> None:
    assert clean._decode_inconsistent_utf8(text) == decode_inconsistent_utf8(text)


def test_no_detector_run_starts_with_an_ascii_character() -> None:
    # What lets the detector be tried only at non-ASCII characters.
    tails = ["€¢", "¢" * 3, "€" * 4, "\u00a0" * 3, "™" * 3]
    for code in range(0x80):
        for tail in tails:
            assert UTF8_DETECTOR_RE.match(chr(code) + tail) is None
