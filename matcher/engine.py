"""The engine: one object holding the vocabulary, the finder and the idf, built once per process.

Every front end (command line, web app, benchmarks) goes through :class:`Engine`; nothing here
imports Flask.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matcher.errors import VocabularyError
from matcher.finder import FoundSkill, SkillFinder
from matcher.report import (
    PostingAnalysis,
    Report,
    ResumeAnalysis,
    analyze_posting,
    build_report,
)
from matcher.scoring import IDF_PATH, SkillVectorizer, load_idf
from matcher.vocab import VOCAB_DIR, Vocabulary, default_vocabulary, load_vocabulary

MARKET_PATH = VOCAB_DIR / "market.json"
# How many of a ranked resume's most important gaps the ranking shows.
TOP_GAPS = 5


@dataclass(frozen=True)
class RankedResume:
    """One resume's place in a ranking against one posting."""

    label: str
    score: float
    similarity: float
    top_gaps: tuple[str, ...]
    report: Report

    def to_dict(self, rank: int) -> dict[str, object]:
        """JSON shape of one ranked resume (without the full report)."""
        return {
            "rank": rank,
            "label": self.label,
            "score": self.score,
            "similarity": self.similarity,
            "profile_similarity": self.report.profile_similarity,
            "top_gaps": list(self.top_gaps),
            "matched": self.report.counts.get("matched", 0),
            "missing": self.report.counts.get("missing", 0),
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

    def rank(self, posting_text: str, resumes: Sequence[tuple[str, str]]) -> list[RankedResume]:
        """Rank labelled resume texts against one posting, best first (ties broken by label)."""
        posting = self.analyze_posting(posting_text)
        ranked = []
        for label, text in resumes:
            report = self.report(posting, self.analyze_resume(text))
            ranked.append(
                RankedResume(
                    label=label,
                    score=report.score,
                    similarity=report.similarity,
                    top_gaps=tuple(r.name for r in report.missing[:TOP_GAPS]),
                    report=report,
                )
            )
        ranked.sort(key=_rank_key)
        return ranked

    def rank_postings(
        self, resume_text: str, postings: Sequence[tuple[str, str]]
    ) -> list[RankedResume]:
        """The reverse ranking: labelled postings against one resume, best fit first."""
        resume = self.analyze_resume(resume_text)
        ranked = []
        for label, text in postings:
            report = self.report(self.analyze_posting(text), resume)
            ranked.append(
                RankedResume(
                    label,
                    report.score,
                    report.similarity,
                    tuple(r.name for r in report.missing[:TOP_GAPS]),
                    report,
                )
            )
        ranked.sort(key=_rank_key)
        return ranked


def _rank_key(r: RankedResume) -> tuple[float, float, float, str]:
    """Best score first; equal scores by closeness of skill profile, then similarity, then label."""
    return (-r.score, -r.report.profile_similarity, -r.similarity, r.label)


@cache
def get_engine() -> Engine:
    """The process-wide engine over the shipped vocabulary, built on first use."""
    return Engine(default_vocabulary())
