"""``matcher vocab check``: lint the vocabulary beyond what loading already refuses.

Loading rejects hard errors (an alias claimed by two skills, an unknown category). The check
adds warnings a reviewer should look at: forms of two skills that differ only by punctuation,
aliases that are common English words but have no context rule, skills whose names read as a
kind of thing but have no instances in ``vocab/kinds.toml``, and skills that no posting or
resume in the corpus figures ever names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from matcher.vocab import Vocabulary

# A word at or above this Zipf frequency (wordfreq's scale: 3 = once per million words) is
# common enough in English that matching it needs a context rule.
COMMON_WORD_ZIPF = 3.9


@dataclass(frozen=True)
class Finding:
    """One thing the check reports about one skill."""

    check: str
    skill: str
    message: str


def _loose(form: str) -> str:
    """The key the evaluation compares forms by: case, spaces, dots, dashes and slashes dropped."""
    return re.sub(r"[\s.\-_/]+", "", form.lower())


def near_collisions(vocabulary: Vocabulary) -> list[Finding]:
    """Forms of different skills that become equal once punctuation is dropped ("CI/CD" vs "CICD")."""
    owner: dict[str, str] = {}
    out = []
    for skill in vocabulary.skills:
        for form in skill.forms:
            key = _loose(form)
            other = owner.setdefault(key, skill.name)
            if other != skill.name:
                out.append(
                    Finding(
                        "near-collision",
                        skill.name,
                        f"form {form!r} looks like a form of {other!r}",
                    )
                )
    return out


def common_word_aliases(
    vocabulary: Vocabulary, threshold: float = COMMON_WORD_ZIPF
) -> list[Finding]:
    """Single-word forms of hard skills that are common English words but match without context."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the check is optional; say how to enable it
        return [
            Finding(
                "common-word",
                "-",
                "install wordfreq (pip install wordfreq) to check common-word aliases",
            )
        ]
    blocked = {b.lower() for b in vocabulary.blockers}
    out = []
    for skill in vocabulary.skills:
        if skill.kind != "hard":
            continue
        for form in skill.forms:
            if form in skill.ambiguous or not form.isalpha() or form.lower() in blocked:
                continue
            zipf = zipf_frequency(form.lower(), "en")
            if zipf >= threshold:
                out.append(
                    Finding(
                        "common-word",
                        skill.name,
                        f"form {form!r} is a common English word (Zipf {zipf:.1f}) with no context rule; "
                        "list it under `ambiguous` with cues or deny rules",
                    )
                )
    return out


def unseen_skills(vocabulary: Vocabulary, market: Mapping[str, object]) -> list[Finding]:
    """Curated skills that no posting and no resume of the corpus figures names."""
    figures = market.get("skills", {})
    if not figures:
        return [Finding("unseen", "-", "no market figures; run `matcher corpus build` first")]
    out = []
    for skill in vocabulary.skills:
        if skill.provenance:
            continue  # the generated layer keeps names of curated technology lists unseen
        f = figures.get(skill.name)
        if f is None:
            out.append(Finding("unseen", skill.name, "not in the corpus figures; rebuild them"))
        elif not f["postings"] and not f["resumes"]:
            out.append(
                Finding("unseen", skill.name, "named by no posting and no resume in the corpus")
            )
    return out


# A skill named like this is a kind of thing ("Relational databases", "Message queues",
# "Version control"): a requirement for it should be met by its instances.
KIND_NAME = re.compile(
    r"(?:databases|queues|brokers|stores|frameworks|platforms|containerization|orchestration"
    r"|as code|version control|continuous integration|configuration management|observability"
    r"|cloud computing|data warehousing)$|^(?:serverless|nosql|sql|ci/cd|monitoring|logging|caching"
    r"|big data|etl|secrets management)$",
    re.IGNORECASE,
)


def concepts_without_instances(vocabulary: Vocabulary) -> list[Finding]:
    """Skills named as a kind of thing that ``vocab/kinds.toml`` gives no instances."""
    return [
        Finding("kind", skill.name, "reads as a kind of thing; give it instances in kinds.toml")
        for skill in vocabulary.skills
        if skill.kind == "hard"
        and KIND_NAME.search(skill.name)
        and not vocabulary.instances_of.get(skill.name)
        and len(skill.name.split()) <= 3
    ]


def check_vocabulary(
    vocabulary: Vocabulary, market: Mapping[str, object], threshold: float = COMMON_WORD_ZIPF
) -> list[Finding]:
    """Every finding of every check, ordered by check then skill."""
    findings = (
        near_collisions(vocabulary)
        + common_word_aliases(vocabulary, threshold)
        + unseen_skills(vocabulary, market)
        + concepts_without_instances(vocabulary)
    )
    return sorted(findings, key=lambda f: (f.check, f.skill.lower()))
