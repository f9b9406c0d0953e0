"""The engine: one object holding the vocabulary, the finder and the idf, built once per process.

Every front end (command line, web app, benchmarks) goes through :class:`Engine`; nothing here
imports Flask.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path

from matcher.errors import VocabularyError
from matcher.finder import FoundSkill, SkillFinder
from matcher.report import (
    PostingAnalysis,
    Report,
    ResumeAnalysis,
    analyze_posting,
    build_report,
    summarize,
)
from matcher.scoring import IDF_PATH, SkillVectorizer, load_idf
from matcher.vocab import VOCAB_DIR, Vocabulary, default_vocabulary, load_vocabulary

MARKET_PATH = VOCAB_DIR / "market.json"
# How many of a ranked resume's most important gaps the ranking shows.
TOP_GAPS = 5


@dataclass(frozen=True)
class RankedResume:
    """One resume's place in a ranking against one posting.

    A ranking keeps only the figures it sorts and shows; the full gap report (snippets,
    reasons, extra skills) is built on first access of :attr:`report`, since most ranked
    resumes are never opened and building every report dominated ranking thousands.
    """

    label: str
    score: float
    similarity: float
    top_gaps: tuple[str, ...]
    profile_similarity: float = 0.0
    counts: Mapping[str, int] = field(default_factory=dict)
    build_report: Callable[[], Report] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def report(self) -> Report:
        """The full gap report (built once, on first use)."""
        if self.build_report is None:
            raise ValueError(f"{self.label}: this ranked resume keeps no way to build its report")
        return self.build_report()

    def to_dict(self, rank: int) -> dict[str, object]:
        """JSON shape of one ranked resume (without the full report)."""
        return {
            "rank": rank,
            "label": self.label,
            "score": self.score,
            "similarity": self.similarity,
            "profile_similarity": self.profile_similarity,
            "top_gaps": list(self.top_gaps),
            "matched": self.counts.get("matched", 0),
            "missing": self.counts.get("missing", 0),
        }


def load_market(path: Path = MARKET_PATH) -> dict[str, dict[str, float]]:
    """Load demand and supply figures per skill from ``vocab/market.json`` (empty when absent)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: {
                "posting_share": float(v["posting_share"]),
                "resume_share": float(v["resume_share"]),
            }
            for name, v in data["skills"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VocabularyError(
            f"{path}: unreadable market figures ({exc}); rebuild with `matcher corpus build`"
        ) from exc


class Engine:
    """Finds skills and builds gap reports with one vocabulary and one idf table."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        idf_path: Path = IDF_PATH,
        market_path: Path = MARKET_PATH,
    ) -> None:
        self.vocabulary = vocabulary
        self.finder = SkillFinder(vocabulary)
        self.vectorizer = SkillVectorizer(vocabulary, load_idf(idf_path))
        self.market = load_market(market_path)

    @classmethod
    def with_user_files(cls, user_files: Iterable[Path]) -> Engine:
        """An engine over the shipped vocabulary extended by user skills files."""
        return cls(load_vocabulary(user_files=list(user_files)))

    def skills(self, text: str) -> list[FoundSkill]:
        """The skills mentioned in a text, ordered by first mention."""
        return self.finder.find(text)

    def analyze_posting(self, text: str) -> PostingAnalysis:
        """Find, section and weigh a posting's skills (reuse the result to rank many resumes)."""
        return analyze_posting(text, self.finder.find(text), self.vectorizer, self.vocabulary)

    def analyze_resume(self, text: str) -> ResumeAnalysis:
        """Find a resume's skills."""
        return ResumeAnalysis(text, tuple(self.finder.find(text)))

    def report(self, posting: PostingAnalysis, resume: ResumeAnalysis) -> Report:
        """The gap report of an analysed resume against an analysed posting."""
        return build_report(posting, resume, self.vectorizer, self.vocabulary, self.market)

    def match(self, resume_text: str, posting_text: str) -> Report:
        """The gap report of one resume against one posting, from their texts.

        Parameters
        ----------
        resume_text, posting_text:
            Extracted (or pasted) texts.

        Returns
        -------
        Report
            Empty or skill-less texts give a defined report (score 0), never an error.
        """
        return self.report(self.analyze_posting(posting_text), self.analyze_resume(resume_text))

    def _ranked(self, label: str, posting: PostingAnalysis, resume: ResumeAnalysis) -> RankedResume:
        """The ranking figures of one pair; the full report is deferred until asked for."""
        summary = summarize(posting, resume.counts, self.vectorizer, self.vocabulary)
        return RankedResume(
            label=label,
            score=summary.score,
            similarity=summary.similarity,
            top_gaps=summary.missing[:TOP_GAPS],
            profile_similarity=summary.profile_similarity,
            counts=summary.counts,
            build_report=partial(self.report, posting, resume),
        )

    def rank(self, posting_text: str, resumes: Sequence[tuple[str, str]]) -> list[RankedResume]:
        """Rank labelled resume texts against one posting, best first (ties broken by label)."""
        posting = self.analyze_posting(posting_text)
        ranked = [
            self._ranked(label, posting, self.analyze_resume(text)) for label, text in resumes
        ]
        ranked.sort(key=_rank_key)
        return ranked

    def rank_postings(
        self, resume_text: str, postings: Sequence[tuple[str, str]]
    ) -> list[RankedResume]:
        """The reverse ranking: labelled postings against one resume, best fit first."""
        resume = self.analyze_resume(resume_text)
        ranked = [
            self._ranked(label, self.analyze_posting(text), resume) for label, text in postings
        ]
        ranked.sort(key=_rank_key)
        return ranked


def _rank_key(r: RankedResume) -> tuple[float, float, float, str]:
    """Best score first; equal scores by closeness of skill profile, then similarity, then label."""
    return (-r.score, -r.profile_similarity, -r.similarity, r.label)


@cache
def get_engine() -> Engine:
    """The process-wide engine over the shipped vocabulary, built on first use."""
    return Engine(default_vocabulary())
