"""The engine: one object holding the vocabulary, the finder and the idf, built once per process.

Every front end (command line, web app, benchmarks) goes through :class:`Engine`; nothing here
imports Flask.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path

from matcher.assess import (
    ResumeAnalysis,
    ScoringPlan,
    Summary,
    counts_need_mentions,
    demonstrable,
    demonstrated,
    demonstrated_counts,
    plan_scoring,
    read_resume,
    summarize,
)
from matcher.context import ContextFinder, held_counts, held_mentions
from matcher.errors import VocabularyError
from matcher.finder import FoundSkill, SkillFinder
from matcher.market import MARKET_PATH, load_figures
from matcher.posting import PostingAnalysis, analyze_posting
from matcher.report import Report, build_report
from matcher.roles import pick_role, resume_titles
from matcher.scoring import IDF_PATH, SkillVectorizer, load_idf
from matcher.softskills import lowered
from matcher.vocab import Skill, Vocabulary, default_vocabulary, load_vocabulary

# How many of a ranked resume's most important gaps the ranking shows.
TOP_GAPS = 5
# From this many resumes a ranking is split over forked processes; below it, forking and
# sending results back cost more than they save (and web requests rank at most a few dozen).
PARALLEL_MIN = 1000
# The analyses of the postings matched last are kept in memory (never written anywhere), so
# that matching many resumes against one posting analyses it once: up to this many postings,
# and up to this many characters of posting text in all.
POSTING_CACHE_ENTRIES = 64
POSTING_CACHE_CHARS = 1_000_000


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


class PostingCache:
    """The analyses of the postings used last, by text; the least recently used go first.

    Safe to share between threads. A posting longer than the whole budget is not kept.
    """

    def __init__(
        self, entries: int = POSTING_CACHE_ENTRIES, chars: int = POSTING_CACHE_CHARS
    ) -> None:
        self.max_entries, self.max_chars = entries, chars
        self._analyses: OrderedDict[str, PostingAnalysis] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._analyses)

    @property
    def chars(self) -> int:
        """How many characters of posting text are kept."""
        return self._chars

    def get(self, text: str) -> PostingAnalysis | None:
        with self._lock:
            analysis = self._analyses.get(text)
            if analysis is not None:
                self._analyses.move_to_end(text)
            return analysis

    def put(self, text: str, analysis: PostingAnalysis) -> None:
        if len(text) > self.max_chars or self.max_entries < 1:
            return
        with self._lock:
            if text in self._analyses:
                self._analyses.move_to_end(text)
                return
            self._analyses[text] = analysis
            self._chars += len(text)
            while len(self._analyses) > self.max_entries or self._chars > self.max_chars:
                dropped, _ = self._analyses.popitem(last=False)
                self._chars -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._analyses.clear()
            self._chars = 0


def load_market(path: Path = MARKET_PATH) -> dict[str, dict[str, float]]:
    """Demand and supply shares per skill from ``vocab/market.json`` (empty when absent)."""
    figures = load_figures(path)
    if figures is None:
        return {}
    try:
        return {
            name: {
                "posting_share": float(v["posting_share"]),
                "resume_share": float(v["resume_share"]),
            }
            for name, v in figures["skills"].items()
        }
    except (KeyError, TypeError, ValueError) as exc:
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
        self.context = ContextFinder.shipped(vocabulary)
        self.vectorizer = SkillVectorizer(vocabulary, load_idf(idf_path))
        self.market = load_market(market_path)
        self.postings = PostingCache()
        # Built now rather than on the first report or ranking.
        _ = vocabulary.implied_by, vocabulary.hard_categories, self.vectorizer.idf_by_name

    @classmethod
    def with_user_files(cls, user_files: Iterable[Path]) -> Engine:
        """An engine over the shipped vocabulary extended by user skills files."""
        return cls(load_vocabulary(user_files=list(user_files)))

    def skills(self, text: str, *, context: bool = False) -> list[FoundSkill]:
        """The vocabulary's skills mentioned in a text, ordered by first mention.

        With ``context``, also the names no vocabulary holds that the words around them show
        to be skills (:mod:`matcher.context`), marked ``from_context``: what a posting's
        reading and the skills listings use. It is a second pass over the text that adds
        about a third to the finder's time (``make bench`` measures it), so resumes and
        rankings, which only look for the names a posting gave, do without it.
        """
        found = self.finder.find(text)
        if not context:
            return found
        extra = self.context.find(text, found)
        if not extra:
            return found
        return sorted(found + extra, key=lambda f: f.mentions[0].start)

    def analyze_posting(self, text: str, role: int | None = None) -> PostingAnalysis:
        """Find, section and weigh a posting's skills, for one of its roles (None: all).

        The analysis is kept (see :class:`PostingCache`): the next match against the same
        posting text and role reuses it. Analyses are immutable, so sharing one is safe.
        """
        key = text if role is None else f"{text}\x00role {role}"
        analysis = self.postings.get(key)
        if analysis is None:
            found = self.postings.get(text)  # the whole posting's analysis holds its skills
            skills = list(found.found) if found is not None and role is not None else None
            analysis = analyze_posting(
                text,
                skills if skills is not None else self.skills(text, context=True),
                self.vectorizer,
                self.vocabulary,
                role,
            )
            self.postings.put(key, analysis)
        return analysis

    def analyze_resume(self, text: str, held: Sequence[Skill] = ()) -> ResumeAnalysis:
        """Find a resume's skills, with the disciplines its job titles name, and soft words in
        a technical phrase dropped (:func:`matcher.assess.read_resume`).

        ``held`` are names a posting was found to ask for from context (see
        :func:`context_skills`): the resume meets one by writing it anywhere.
        """
        return self._read_resume(text, self.finder.find(text), held)

    def _read_resume(
        self, text: str, found: list[FoundSkill], held: Sequence[Skill] = ()
    ) -> ResumeAnalysis:
        """:meth:`analyze_resume` from the skills the finder found in the text."""
        found = found + held_mentions(text, held)
        titles = resume_titles(text, self.vocabulary)
        if titles:
            named = {f.name for f in found}
            found += [
                FoundSkill(self.vocabulary.get(name), tuple(mentions))
                for name, mentions in titles.items()
                if name not in named
            ]
        return read_resume(text, found)

    def report(self, posting: PostingAnalysis, resume: ResumeAnalysis) -> Report:
        """The gap report of an analysed resume against an analysed posting.

        The resume's soft skills count where it names them or, for those the posting asks,
        where it demonstrates them (:func:`matcher.assess.demonstrated`).
        """
        resume = demonstrated(resume, demonstrable(posting, self.vocabulary), self.vocabulary)
        return build_report(posting, resume, self.vectorizer, self.vocabulary, self.market)

    def match(self, resume_text: str, posting_text: str, role: str | int | None = None) -> Report:
        """The gap report of one resume against one posting, from their texts.

        Parameters
        ----------
        resume_text, posting_text:
            Extracted (or pasted) texts.
        role:
            For a posting that lists several roles, the role to report on, by index or
            title. By default the engineering role that best fits the resume.

        Returns
        -------
        Report
            Empty or skill-less texts give a defined report (score 0), never an error.

        Raises
        ------
        RoleError
            When ``role`` names no role of the posting.
        """
        whole = self.analyze_posting(posting_text)
        resume = self.analyze_resume(resume_text, context_skills(whole))
        if not whole.roles:
            return self.report(whole, resume)
        chosen = pick_role(whole.roles, role)
        if chosen is not None:
            report = self.report(self.analyze_posting(posting_text, chosen), resume)
            return dataclasses.replace(report, role_asked=True)
        candidates = [i for i, r in enumerate(whole.roles) if r.engineering] or list(
            range(len(whole.roles))
        )
        # The fit of each role from its figures alone (what the report's score and similarity
        # would be); only the best role's full report, with its rows and snippets, is built.
        fits = []
        for i in candidates:
            posting = self.analyze_posting(posting_text, i)
            shown = demonstrated(resume, demonstrable(posting, self.vocabulary), self.vocabulary)
            plan = plan_scoring(posting, self.vectorizer, self.vocabulary)
            summary = summarize(plan, shown.counts)
            fits.append((summary.score, summary.similarity, -i, posting))
        best = max(fits, key=lambda fit: fit[:3])
        return self.report(best[3], resume)

    def scoring_plan(self, posting_text: str) -> ScoringPlan:
        """What scoring any resume against a posting needs (its analysis is kept, see above)."""
        return plan_scoring(self.analyze_posting(posting_text), self.vectorizer, self.vocabulary)

    def summaries(self, plan: ScoringPlan, texts: Sequence[str]) -> list[Summary]:
        """The ranking figures of each resume text (skills counted in batches, no mentions).

        What every ranking runs on each resume, in this process, in forked workers or on a
        Dask cluster (:mod:`matcher.cluster`).
        """
        held = context_skills(plan.posting)
        counted: list[dict[str, int]] = []
        unread: list[int] = []  # the resumes whose counts need their mentions
        for text, counts in zip(texts, self.finder.count_many(texts), strict=True):
            if held:
                counts.update(held_counts(text, held))
            low = lowered(text)
            # As analyze_resume reads them, so that a ranking's figures are the report's.
            for name, mentions in resume_titles(text, self.vocabulary, low).items():
                counts.setdefault(name, len(mentions))
            if counts_need_mentions(text, counts, low):
                unread.append(len(counted))
            counted.append(counts)
        # A few resumes (a soft skill's word in a technical phrase) are read in full, their
        # mentions found in one batch, as the report reads them: with the posting's held names.
        found = self.finder.find_many([texts[i] for i in unread])
        for i, skills in zip(unread, found, strict=True):
            counted[i] = self._read_resume(texts[i], skills, held).counts
        return [
            summarize(plan, demonstrated_counts(text, counts, plan.demonstrable))
            for text, counts in zip(texts, counted, strict=True)
        ]

    def _report_from_text(self, posting: PostingAnalysis, text: str) -> Report:
        return self.report(posting, self.analyze_resume(text, context_skills(posting)))

    def rank(
        self,
        posting_text: str,
        resumes: Sequence[tuple[str, str]],
        processes: int | None = None,
    ) -> list[RankedResume]:
        """Rank labelled resume texts against one posting, best first (ties broken by label).

        Parameters
        ----------
        posting_text:
            The posting's text.
        resumes:
            (label, text) pairs.
        processes:
            How many processes share the work; by default one per usable CPU when there are
            at least ``PARALLEL_MIN`` resumes, else 1 (in this process). The ranking is the
            same either way.
        """
        posting = self.analyze_posting(posting_text)
        plan = self.scoring_plan(posting_text)
        if processes is None:
            processes = _usable_cpus() if len(resumes) >= PARALLEL_MIN else 1
        with _collector_paused():
            if processes > 1 and len(resumes) > 1 and _can_fork():
                summaries = _summarize_in_processes(self, plan, resumes, processes)
            else:
                summaries = self.summaries(plan, [text for _, text in resumes])
            # Only the figures are kept: a report re-reads its text when it is asked for.
            return ranking(
                (label, summary, partial(self._report_from_text, posting, text))
                for (label, text), summary in zip(resumes, summaries, strict=True)
            )

    def rank_postings(
        self, resume_text: str, postings: Sequence[tuple[str, str]]
    ) -> list[RankedResume]:
        """The reverse ranking: labelled postings against one resume, best fit first."""
        resume = self.analyze_resume(resume_text)
        ranked = []
        for label, text in postings:
            posting = self.analyze_posting(text)
            held = context_skills(posting)
            read = self.analyze_resume(resume_text, held) if held else resume
            plan = plan_scoring(posting, self.vectorizer, self.vocabulary)
            counts = demonstrated_counts(read.text, read.counts, plan.demonstrable)
            summary = summarize(plan, counts)
            ranked.append(ranked_entry(label, summary, partial(self.report, posting, read)))
        ranked.sort(key=_rank_key)
        return ranked


def context_skills(posting: PostingAnalysis) -> list[Skill]:
    """The names a posting was found to ask for from context, which a resume meets by name."""
    return [f.skill for f in posting.found if f.skill.from_context]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a ranking builds its many small objects.

    They form no reference cycles, yet tens of thousands of new objects set off full
    collections that walk every object of the process (about 0.07 s of ranking 10,000
    resumes, measured). Reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def ranked_entry(label: str, summary: Summary, build_report: Callable[[], Report]) -> RankedResume:
    """A ranking entry from a pair's figures; the full report is deferred until asked for."""
    return RankedResume(
        label=label,
        score=summary.score,
        similarity=summary.similarity,
        top_gaps=summary.missing[:TOP_GAPS],
        profile_similarity=summary.profile_similarity,
        counts=summary.counts,
        build_report=build_report,
    )


def ranking(entries: Iterable[tuple[str, Summary, Callable[[], Report]]]) -> list[RankedResume]:
    """Ranked resumes from (label, figures, report builder) triples, best first.

    Every ranking (in this process, in forked workers, on a Dask cluster) ends here, so that
    they all order the same figures the same way.
    """
    ranked = [ranked_entry(label, summary, build) for label, summary, build in entries]
    ranked.sort(key=_rank_key)
    return ranked


def _rank_key(r: RankedResume) -> tuple[float, float, float, str]:
    """Best score first; equal scores by closeness of skill profile, then similarity, then label."""
    return (-r.score, -r.profile_similarity, -r.similarity, r.label)


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    """Whether this process may fork workers: a platform with fork, and not a daemonic worker."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


# What forked workers rank: the engine, the posting's plan and the resumes, set in each worker
# by the pool's initializer. With fork the arguments are inherited, not pickled: the engine and
# the texts are shared copy-on-write, and each task names only a range of resumes.
_WORKER_JOB: tuple[Engine, ScoringPlan, Sequence[tuple[str, str]]] | None = None


def _set_worker_job(engine: Engine, plan: ScoringPlan, resumes: Sequence[tuple[str, str]]) -> None:
    global _WORKER_JOB
    _WORKER_JOB = (engine, plan, resumes)
    # Everything inherited stays out of this worker's garbage collections, which then neither
    # walk nor copy the parent's objects (freezing only relinks lists: it touches no object).
    gc.freeze()


def _summarize_range(bounds: tuple[int, int]) -> list[Summary]:
    assert _WORKER_JOB is not None
    engine, plan, resumes = _WORKER_JOB
    return engine.summaries(plan, [text for _, text in resumes[bounds[0] : bounds[1]]])


def _summarize_in_processes(
    engine: Engine,
    plan: ScoringPlan,
    resumes: Sequence[tuple[str, str]],
    processes: int,
) -> list[Summary]:
    """Each resume's figures, in input order, computed by ``processes`` forked workers.

    Workers send back only the small summaries (a few numbers and names per resume), not the
    analyses; several ranges per worker even out a worker slowed by a busy core.
    """
    size = -(-len(resumes) // (4 * processes))
    ranges = [(i, min(i + size, len(resumes))) for i in range(0, len(resumes), size)]
    context = multiprocessing.get_context("fork")
    with context.Pool(
        min(processes, len(ranges)), _set_worker_job, (engine, plan, resumes)
    ) as pool:
        return [summary for part in pool.map(_summarize_range, ranges) for summary in part]


@cache
def get_engine() -> Engine:
    """The process-wide engine over the shipped vocabulary, built on first use."""
    return Engine(default_vocabulary())
