"""The skill finder's mechanics: boundaries, overlaps, case, context and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.finder import SkillFinder, default_finder
from matcher.vocab import load_vocabulary

VOCAB = """
blockers = ["go-to-market", "go live", "R&D", "C-level", "Spring Break"]

[[skill]]
name = "C"
category = "language"
ambiguous = ["C"]
[[skill]]
name = "C++"
category = "language"
aliases = ["cpp"]
[[skill]]
name = "C#"
category = "language"
aliases = ["CSharp"]
[[skill]]
name = ".NET"
category = "framework"
aliases = ["dotnet", ". NET"]
[[skill]]
name = "ASP.NET"
category = "framework"
[[skill]]
name = "Node.js"
category = "framework"
aliases = ["NodeJS", "Node JS", "Node"]
ambiguous = ["Node"]
[[skill]]
name = "CI/CD"
category = "devops"
aliases = ["CICD"]
[[skill]]
name = "Go"
category = "language"
aliases = ["Golang"]
ambiguous = ["Go"]
cues = ["programming"]
[[skill]]
name = "R"
category = "language"
ambiguous = ["R"]
[[skill]]
name = "Python"
category = "language"
[[skill]]
name = "Spring Boot"
category = "framework"
[[skill]]
name = "Spring"
category = "framework"
ambiguous = ["Spring"]
deny_after = ['\\s+(?:19|20)\\d\\d']
[[skill]]
name = "Java"
category = "language"
[[skill]]
name = "Communication"
category = "soft"
aliases = ["communication skills"]
"""


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> SkillFinder:
    path: Path = tmp_path_factory.mktemp("vocab") / "skills.toml"
    path.write_text(VOCAB, encoding="utf-8")
    return SkillFinder(load_vocabulary([path], blocker_files=()))


def names(finder: SkillFinder, text: str) -> set[str]:
    return {f.name for f in finder.find(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C, C++ and C# on .NET", {"C", "C++", "C#", ".NET"}),
        ("ASP.NET and Node.js services", {"ASP.NET", "Node.js"}),
        ("We ship with CI/CD and Python", {"CI/CD", "Python"}),
        ("Tools: R, Python", {"R", "Python"}),
        ("Golang microservices", {"Go"}),
        ("Spring Boot and Java", {"Spring Boot", "Java"}),
        ("Java, Spring, Python", {"Spring", "Java", "Python"}),
        ("Node, Python and Java", {"Node.js", "Python", "Java"}),
        ("Experience with . NET and C#", {".NET", "C#"}),
    ],
)
def test_tricky_names_are_found(finder: SkillFinder, text: str, expected: set[str]) -> None:
    assert names(finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our go-to-market team works with R&D and C-level leaders.",
        "We go live in Spring 2026.",
        "Letters A, B, C and D.",
        "The node of the graph",
        "Spring Break plans",
        "pythonic",
    ],
)
def test_lookalikes_are_not_skills(finder: SkillFinder, text: str) -> None:
    assert names(finder, text) == set()


def test_an_ambiguous_name_counts_only_in_its_exact_case(finder: SkillFinder) -> None:
    assert "Go" not in names(finder, "go, Python")
    assert "Go" in names(finder, "Go, Python")


def test_a_cue_word_is_evidence_for_an_ambiguous_name(finder: SkillFinder) -> None:
    assert names(finder, "Go programming") == {"Go"}
    assert names(finder, "Let's Go team") == set()


def test_longest_match_wins_and_the_shorter_is_not_counted(finder: SkillFinder) -> None:
    found = finder.find("Spring Boot")
    assert [(f.name, [m.text for m in f.mentions]) for f in found] == [
        ("Spring Boot", ["Spring Boot"])
    ]


def test_offsets_index_the_original_text_across_folded_white_space(finder: SkillFinder) -> None:
    text = "Strong   communication\n\tskills and Node  JS"
    found = {f.name: f.mentions for f in finder.find(text)}
    for mentions in found.values():
        for m in mentions:
            assert text[m.start : m.end] == m.text
    assert found["Communication"][0].text == "communication\n\tskills"
    assert found["Node.js"][0].text == "Node  JS"


def test_every_mention_is_counted_in_order(finder: SkillFinder) -> None:
    (python,) = finder.find("Python here, python there, PYTHON everywhere")
    assert python.count == 3
    assert [m.start for m in python.mentions] == sorted(m.start for m in python.mentions)


def test_a_glued_version_number_still_names_the_skill(finder: SkillFinder) -> None:
    assert names(finder, "python3 and Java17") == {"Python", "Java"}


def test_empty_and_skill_less_texts_give_no_skills(finder: SkillFinder) -> None:
    assert finder.find("") == []
    assert finder.find("We are a friendly team in Berlin.") == []


def test_unicode_dashes_fold_so_blockers_still_apply(finder: SkillFinder) -> None:
    assert names(finder, "Our go\u2013to\u2013market plan") == set()


def test_to_dict_has_the_stable_json_shape(finder: SkillFinder) -> None:
    (d,) = [f.to_dict() for f in finder.find("Python")]
    assert d == {
        "name": "Python",
        "category": "language",
        "kind": "hard",
        "count": 1,
        "mentions": [{"start": 0, "end": 6, "text": "Python"}],
        "from_context": False,
    }


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("Python, Go and Rust", {"Go"}, set()),
        ("R, Python, SQL", {"R"}, set()),
        ("Our go-to-market team", set(), {"Go"}),
        ("R&D department", set(), {"R"}),
        ("Languages: C, C++, C#", {"C", "C++", "C#"}, set()),
        ("Experience with .NET and Node.js", {".NET", "Node.js"}, set()),
        ("CI/CD pipelines", {"CI/CD"}, set()),
    ],
)
def test_the_shipped_vocabulary_handles_the_classic_traps(
    text: str, expected: set[str], absent: set[str]
) -> None:
    found = {f.name for f in default_finder().find(text)}
    assert expected <= found
    assert not (absent & found)


RULES_VOCAB = """
[[skill]]
name = "SQL"
category = "language"
[[skill]]
name = "SQL optimization"
category = "practice"
aliases = ["query optimization"]
contains = ["SQL"]
[[skill]]
name = "Python"
category = "language"
[[skill]]
name = "Combine"
category = "library"
ambiguous = ["Combine"]
evidence = "cues"
cues = ["swiftui", "reactive"]
[[skill]]
name = "Swift"
category = "language"
ambiguous = ["Swift"]
deny_before = ['\\bTaylor $', '\\bvery $']
"""


@pytest.fixture(scope="module")
def rules_finder(tmp_path_factory: pytest.TempPathFactory) -> SkillFinder:
    path: Path = tmp_path_factory.mktemp("rules") / "skills.toml"
    path.write_text(RULES_VOCAB, encoding="utf-8")
    return SkillFinder(load_vocabulary([path], blocker_files=()))


def test_a_compound_names_the_skill_it_contains_at_its_own_offsets(
    rules_finder: SkillFinder,
) -> None:
    text = "Strong SQL optimization chops"
    found = {f.name: f.mentions for f in rules_finder.find(text)}
    assert set(found) == {"SQL optimization", "SQL"}
    (sql,) = found["SQL"]
    assert (sql.start, sql.end, sql.text) == (7, 10, "SQL")


def test_a_compound_names_a_contained_skill_only_where_it_is_written(
    rules_finder: SkillFinder,
) -> None:
    assert {f.name for f in rules_finder.find("query optimization")} == {"SQL optimization"}


def test_cue_only_evidence_ignores_neighbouring_skills(rules_finder: SkillFinder) -> None:
    assert "Combine" not in {f.name for f in rules_finder.find("Combine Python and SQL skills")}
    assert "Combine" in {f.name for f in rules_finder.find("Combine and SwiftUI apps")}


def test_every_deny_before_alternative_is_anchored_at_the_mention(
    rules_finder: SkillFinder,
) -> None:
    # "Taylor" earlier in the window must not deny a later, unrelated Swift.
    assert "Swift" in {f.name for f in rules_finder.find("Taylor wrote it. We use Python, Swift")}
    assert "Swift" not in {f.name for f in rules_finder.find("Python and Taylor Swift")}


# The fast scan (word starts, ends and glued versions marked in the automaton) must report
# exactly the hits of the exact scan (word starts marked, ends checked in Python).
_SCAN_TEXTS = [
    "Python3, HTML5 and CSS3; python 3.11; Java8 and java 8; HTML5x; html56; Go2 and go.",
    "C++ and C# (also c++17, C#10), .NET, ASP.NET Core, Node.js, node_js, Vue.js3.",
    "I write Go at work; golang on weekends; R and Rust; Spring Boot; go-to-market.",
    "AWS EC2 and S3, k8s, Kubernetes, Terraform, CI/CD, PostgreSQL/MySQL, MongoDB4.",
    "résumé: Élan in Python, naïve Bayes, NumPy; ½ time Django²; Ⅻ teams; 🚀 React 🚀.",
    "Text with a NUL\x00Python and a \x01 control; \u2013 dashes \u2014 here; SQL_Server.",
    "ΣΊΣΥΦΟΣ and İstanbul with Kafka; ﬁle ligature; ３ full-width digits; Python３.",
]


@pytest.mark.parametrize("text", _SCAN_TEXTS)
def test_the_fast_scan_finds_the_same_hits_as_the_exact_scan(text: str) -> None:
    from matcher.finder import _folded

    finder = default_finder()
    lower, cased = _folded(text)
    fast = [(h.start, h.end, h.pattern) for h in finder._hits(lower, cased)]
    exact = [(h.start, h.end, h.pattern) for h in finder._candidates(lower, cased)]
    assert sorted(fast, key=repr) == sorted(exact, key=repr)


def test_the_fast_scan_agrees_with_the_exact_scan_on_glued_and_cut_forms() -> None:
    import random

    from matcher.finder import _folded

    finder = default_finder()
    forms = sorted({f for s in finder.vocabulary.skills for f in s.forms})
    glue = ["", " ", "  ", "3", "5x", "_", "-", "/", ", ", ".", "++", "#", "\n", "12 ", "a", "é"]
    rng = random.Random(7)
    for _ in range(400):
        parts = [rng.choice(forms)[: rng.choice([None, None, None, -1, 2])] for _ in range(6)]
        text = "".join(p + rng.choice(glue) for p in parts)
        lower, cased = _folded(text)
        fast = [(h.start, h.end, h.pattern) for h in finder._hits(lower, cased)]
        exact = [(h.start, h.end, h.pattern) for h in finder._candidates(lower, cased)]
        assert sorted(fast, key=repr) == sorted(exact, key=repr), text


AMBIGUOUS_FORMS = sorted(
    (s.name, form) for s in default_finder().vocabulary.skills for form in s.ambiguous
)


def test_the_shipped_vocabulary_has_hundreds_of_ambiguous_forms() -> None:
    assert len(AMBIGUOUS_FORMS) >= 300


@pytest.mark.parametrize(
    ("name", "form"), AMBIGUOUS_FORMS, ids=[f"{n}:{f}" for n, f in AMBIGUOUS_FORMS]
)
def test_every_ambiguous_form_needs_context(name: str, form: str) -> None:
    # No other skill and no cue word near it: the bare form is just a word here.
    text = f"The {form} was mentioned once in passing at the meeting."
    assert name not in {f.name for f in default_finder().find(text)}


def test_skills_inside_links_do_not_count() -> None:
    text = "Apply at https://rust-lang.org/jobs or see github.com/acme/kafka-tools. We use Go and Kafka."
    found = {f.name: [m.text for m in f.mentions] for f in default_finder().find(text)}
    assert "Rust" not in found
    assert found["Kafka"] == ["Kafka"]


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        (
            "We apply both automated and manual testing.",
            {
                "Test automation": ["automated and manual testing"],
                "Manual testing": ["manual testing"],
            },
        ),
        (
            "Frontend/backend web development",
            {
                "Frontend development": ["Frontend/backend web development"],
                "Backend development": ["backend web development"],
            },
        ),
        (
            "relational and non-relational databases",
            {
                "Relational databases": ["relational and non-relational databases"],
                "NoSQL": ["non-relational databases"],
            },
        ),
        # "SQL" is a skill of its own already: nothing is shared.
        ("SQL/NoSQL databases", {"SQL": ["SQL"], "NoSQL": ["NoSQL databases"]}),
        # A comma lists, it does not share: "mobile" is no skill here.
        ("mobile, data engineering", {"Data engineering": ["data engineering"]}),
    ],
)
def test_a_word_sharing_a_skills_last_words_names_its_own_skill(
    text: str, mentions: dict[str, list[str]]
) -> None:
    finder = default_finder()
    found = {f.name: [m.text for m in f.mentions] for f in finder.find(text)}
    for name, texts in mentions.items():
        assert found.get(name) == texts, found
    assert set(found) == set(mentions), found
    assert finder.count_many([text])[0] == {n: len(t) for n, t in found.items()}


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # The list runs to the end of its sentence; the same name outside it counts.
        (
            "Used by engineers at companies like Linear, Vercel and Stripe. We deploy on Vercel.",
            {"Vercel": 1},
            {"Stripe"},
        ),
        ("Customers include Cloudflare, Datadog and Segment.", {}, {"Cloudflare", "Datadog"}),
        ("Founded by former leaders from Cloudflare and Segment", {}, {"Cloudflare"}),
        # A clause after the list is not part of it.
        (
            "Founded by engineers at Stripe and Vercel, and we code in Rust and C.",
            {"Rust": 1},
            {"Vercel"},
        ),
        # Engineers from a project's community name the project.
        ("Built by engineers from the VLC and FFmpeg community.", {"FFmpeg": 1}, set()),
        # Only whole words open a list; "customers" alone opens none.
        ("Our customers run Kafka and Cloudflare Workers.", {"Kafka": 1}, set()),
    ],
)
def test_lists_of_companies_name_no_skills(text: str, kept: dict, dropped: set) -> None:
    finder = default_finder()
    found = {f.name: f.count for f in finder.find(text)}
    for name, count in kept.items():
        assert found.get(name) == count, found
    assert not dropped & found.keys(), found
    assert finder.count_many([text])[0] == found


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("see www.python.org for Python", True),
        ("https://host/terraform and Terraform", True),
        ("gitlab.io/x/kubernetes then Kubernetes", True),
        ("CI/CD with Jenkins, TCP/IP and 01/2020", False),
        ("python.org and Python", False),  # a host without a path is no link here
    ],
)
def test_links_are_found_only_where_their_marks_are(text: str, linked: bool) -> None:
    from matcher.finder import _link_spans

    assert bool(_link_spans(text.lower())) is linked


LINK_TEXTS = [
    "see www.python.org for Python",
    "https://a.com/x https://b.io/y,www.c.dev/z",
    "www.www.example.com/path and http://host:8080/a/b?c=d#e",
    "docs.python.org/3/ starts the text; ends with github.com/acme/kafka-tools",
    "https://x.co/ab/cd/https://y.ai/ nested marks in one word",
    "ftp://old.example.net/file and a.b.c.org/ then C/C++ and 10/2020",
    " leading space, trailing www. ",
    "",
]


@pytest.mark.parametrize("text", LINK_TEXTS)
def test_links_are_found_as_the_link_pattern_finds_them(text: str) -> None:
    from matcher.finder import _URL, _folded, _link_spans

    lower, _ = _folded(text)
    assert _link_spans(lower) == [m.span() for m in _URL.finditer(lower)]


def test_counts_keep_the_order_of_first_mention(finder: SkillFinder) -> None:
    text = "Kafka, then SQL optimization and Python; SQL and Kafka again; Go with golang."
    for f in (finder, default_finder()):
        expected = [(s.name, s.count) for s in f.find(text)]
        assert list(f.count_many([text, text])[1].items()) == expected


def test_white_space_folds_as_the_regex_would_for_every_space_character() -> None:
    import re

    from matcher.finder import _fold_spaces

    spaces = [chr(i) for i in range(0x3100) if chr(i).isspace() or re.match(r"\s", chr(i))]
    assert len(spaces) > 20
    for ch in spaces:
        for text in (f"a{ch}b", f"{ch}a{ch}{ch}b{ch}", ch, ch * 3, f"x{ch}", f"{ch}x"):
            assert _fold_spaces(text) == re.sub(r"\s+", " ", text), repr(text)
    assert _fold_spaces("") == ""


def test_the_vectorised_marks_equal_the_marks_made_one_character_at_a_time() -> None:
    import random

    from matcher.finder import _code_points, _inserted, _mark_key, _marks

    alphabet = [*"ab3_ -.+#/é²½Ⅻ３ΣПx9\u00a0\u2013", "java", "html", "5", "12"]
    rng = random.Random(11)
    texts = ["", "a", "3", "python3", "x2y", "s3 and ec2, web3.", "abc123_", "²x ½3"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(500)]
    for text in texts:
        codes = _code_points(text)
        marked, marks = _inserted(codes, *_marks(codes))
        assert marked == _mark_key(text), repr(text)
        assert [marked[i] for i in marks.tolist()] == [c for c in marked if c in "\x00\x01"]


def test_counting_many_texts_gives_the_counts_of_finding_each(finder: SkillFinder) -> None:
    texts = [
        "Python3, Django and PostgreSQL; python 3.11 and Go with golang tooling.",
        "",
        "   ",
        "SQL optimization and SQL; C++ and C#; go-to-market; see https://rust-lang.org/x",
        "Text with a NUL\x00Python and Kafka",
        "🚀 React and Node.js 🚀",
        "a separator \x02 inside: Java\x02Kotlin",
        "ΣΊΣΥΦΟΣ and İstanbul with Kafka; ﬁle; Python３",
    ] * 20
    default = default_finder()
    for f in (finder, default):
        found = [f.find(t) for t in texts]
        expected = [{s.name: s.count for s in skills} for skills in found]
        assert f.count_many(texts) == expected
        assert [f.count_many([t])[0] for t in texts] == expected
        assert f.find_many(texts) == found
    assert any(expected)
