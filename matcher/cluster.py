"""Batch work on a Dask cluster: ranking many resumes, and building the corpus figures.

``matcher rank ... --scheduler ADDRESS`` and ``matcher corpus build ... --scheduler ADDRESS``
run here. The client sends the work in parts: the paths of a few hundred resumes (their texts
only when they come from standard input), a folder's files, or a byte range of a JSONL file.
Each worker reads its part's files and runs on them the functions a local run runs
(:meth:`Engine.summaries`, :func:`corpus.count_postings`, :func:`corpus.tally_postings`,
:func:`corpus.tally_resumes`); only the small figures come back, as the parts finish, with a
bounded number of parts scheduled ahead. The client holds paths and figures, never all the texts.

Each worker builds its engine once, on its first part (the shipped vocabulary, or the user's
skills files, whose contents the job carries), and keeps it for the next parts and jobs. The
paths are read as the client names them, relative to the client's working folder, so the files
should be where the workers can read them (one machine, or a shared file system). A resume the
workers do not find is read by the client and sent as text; a corpus source they do not find
stops the build, as a missing file stops a local one.

Dask is an optional dependency (``pip install 'matcher[cluster]'``); it is imported only here,
and only when a command is given a scheduler.
"""

from __future__ import annotations

import heapq
import itertools
import os
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matcher import corpus
from matcher.assess import Summary
from matcher.documents import read_document
from matcher.engine import Engine, RankedResume, context_skills, get_engine, ranking
from matcher.errors import MatcherError
from matcher.report import Report
from matcher.scoring import IdfTable, SkillVectorizer

if TYPE_CHECKING:
    from distributed import Client

# Resumes per part, at most: a part's own cost (a task, a round trip) stays small beside its
# work, and a large ranking is still shared out in many parts.
RANK_PART_MAX = 500
# Corpus documents per part: files of a folder (PDFs take tens of milliseconds each) and
# lines of a JSONL file.
CORPUS_FILES_PER_PART = 25
CORPUS_LINES_PER_PART = 200
# Parts scheduled ahead per worker thread: each thread has its next part at hand while the
# client takes in a result, and no more is held anywhere.
AHEAD_PER_THREAD = 2
CONNECT_TIMEOUT_S = 30

# The user's skills files, as (file name, contents): what a worker needs to load them.
VocabFiles = tuple[tuple[str, str], ...]


def vocab_files(paths: Iterable[Path]) -> VocabFiles:
    """The contents of the user's skills files, for the workers to load."""
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in paths)


_ENGINES: dict[VocabFiles, Engine] = {}
_ENGINES_LOCK = threading.Lock()
# Engines over user vocabularies a worker keeps (each holds its own finder).
_ENGINES_KEPT = 4


def engine_for(vocab: VocabFiles) -> Engine:
    """This process's engine over the shipped vocabulary extended by ``vocab``, built once."""
    if not vocab:
        return get_engine()
    with _ENGINES_LOCK:
        engine = _ENGINES.get(vocab)
        if engine is None:
            with tempfile.TemporaryDirectory(prefix="matcher-vocab-") as folder:
                paths = []
                for i, (name, text) in enumerate(vocab):
                    path = Path(folder) / str(i) / name
                    path.parent.mkdir()
                    path.write_text(text, encoding="utf-8")
                    paths.append(path)
                engine = Engine.with_user_files(paths)
            if len(_ENGINES) >= _ENGINES_KEPT:
                _ENGINES.clear()
            _ENGINES[vocab] = engine
        return engine


def connect(address: str) -> Client:
    """A client of the Dask scheduler at ``address`` (``tcp://HOST:PORT``).

    Raises
    ------
    MatcherError
        Dask is not installed, the scheduler cannot be reached, or no worker joins it.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise MatcherError(
            "--scheduler needs Dask: install the cluster extra (pip install 'matcher[cluster]')"
        ) from exc
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise MatcherError(
            f"cannot reach the Dask scheduler at {address} ({exc}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise MatcherError(
            f"the Dask scheduler at {address} has no workers after {CONNECT_TIMEOUT_S} s; "
            f"start some with `dask worker {address}`"
        ) from exc
    return client


def _threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def _stream(
    client: Client, fn: Callable[..., Any], job: Any, next_part: Callable[[], Any | None]
) -> Iterator[tuple[int, Any]]:
    """Run ``fn(job, part)`` on the cluster for each part ``next_part()`` gives until it gives
    None; yield (part number, result) as each part finishes, with at most
    ``AHEAD_PER_THREAD`` parts per worker thread submitted.

    ``next_part`` is called as slots free up, so the parts may grow while results come in
    (see :func:`rank`). The job is sent to every worker once; a part's exception is raised
    here.
    """
    from distributed import as_completed

    [shared] = client.scatter([job], broadcast=True, hash=False)
    numbers: dict[str, int] = {}
    counter = itertools.count()
    finished = as_completed(loop=client.loop)

    def submit() -> None:
        part = next_part()
        if part is not None:
            future = client.submit(fn, shared, part, pure=False)
            numbers[future.key] = next(counter)
            finished.add(future)

    for _ in range(AHEAD_PER_THREAD * _threads(client)):
        submit()
    try:
        for future in finished:
            result = future.result()
            number = numbers.pop(future.key)
            future.release()
            yield number, result
            submit()  # after the result is taken in: it may have added parts
    finally:
        for future in list(finished.futures):
            future.cancel()
        shared.release()


# --- ranking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankJob:
    """What every part of a ranking shares: the posting, the vocabulary, the client's folder."""

    posting_text: str
    vocab: VocabFiles
    cwd: str


# One resume of a part: its place in the input, its path, and its text when it has no file.
Item = tuple[int, str, str | None]


@dataclass(frozen=True)
class PartResult:
    """What a worker sends back for a part of a ranking, by place in the input."""

    scored: list[tuple[int, Summary]]  # the figures of each resume read
    failed: list[tuple[int, str]]  # the message of each resume that cannot be read
    absent: list[int]  # resumes whose file the worker does not find (the client may have it)


def rank_part(job: RankJob, items: Sequence[Item]) -> PartResult:
    """On a worker: read a part's resumes and score each against the posting."""
    engine = engine_for(job.vocab)
    plan = engine.scoring_plan(job.posting_text)
    places, texts, failed, absent = [], [], [], []
    for place, path, text in items:
        if text is None:
            try:
                text = read_document(path, job.cwd)
            except MatcherError as exc:
                if isinstance(exc.__cause__, FileNotFoundError):
                    absent.append(place)
                else:
                    failed.append((place, str(exc)))
                continue
        places.append(place)
        texts.append(text)
    scored = list(zip(places, engine.summaries(plan, texts), strict=True))
    return PartResult(scored, failed, absent)


def _report_of(job: RankJob, path: str, text: str | None) -> Report:
    """The full gap report of one ranked resume, built in this process when it is asked for."""
    engine = engine_for(job.vocab)
    posting = engine.analyze_posting(job.posting_text)
    text = text if text is not None else read_document(path)
    return engine.report(posting, engine.analyze_resume(text, context_skills(posting)))


def rank(
    client: Client,
    posting_text: str,
    paths: Sequence[str],
    vocab: VocabFiles = (),
    on_error: Callable[[str, str], None] | None = None,
    cwd: str | None = None,
) -> list[RankedResume]:
    """Rank the resumes at ``paths`` against a posting on the cluster, best first.

    The ranking is the one :meth:`Engine.rank` gives for the same texts. A path ``-`` is
    standard input, read here and sent as text; every other path is read by a worker. A file
    a worker does not find is read here, and its text sent in a part of its own: the client's
    files need not all be on the workers' file system.

    Parameters
    ----------
    on_error:
        Called with the path and the message of each resume that cannot be read, in the
        order of ``paths`` (as the parts before it finish); such a resume is left out.
    cwd:
        Where the workers find relative paths; by default this process's working folder.
    """
    job = RankJob(posting_text, vocab, cwd or os.getcwd())
    texts: dict[int, str] = {}  # standard input's text, by place
    errors: list[tuple[int, str]] = []
    for place, path in enumerate(paths):
        if path == "-":
            try:
                texts[place] = read_document(path)
            except MatcherError as exc:
                heapq.heappush(errors, (place, str(exc)))
    size = max(1, min(RANK_PART_MAX, -(-len(paths) // (4 * _threads(client)))))
    sent_back: deque[list[Item]] = deque()  # parts of texts read here, to go after the others

    starts = iter(range(0, len(paths), size))

    def next_part() -> list[Item] | None:
        start = next(starts, None)
        if start is not None:
            return [
                (p, paths[p], texts.get(p)) for p in range(start, min(start + size, len(paths)))
            ]
        return sent_back.popleft() if sent_back else None

    summaries: dict[int, Summary] = {}
    done: set[int] = set()
    settled = 0  # parts up to this one have finished: their errors can be told in order
    for number, result in _stream(client, rank_part, job, next_part):
        summaries.update(result.scored)
        for error in result.failed:
            heapq.heappush(errors, error)
        found = []
        for place in result.absent:
            try:
                found.append((place, paths[place], read_document(paths[place])))
            except MatcherError as exc:
                heapq.heappush(errors, (place, str(exc)))
        if found:
            sent_back.append(found)
        done.add(number)
        while settled in done:
            settled += 1
        while errors and errors[0][0] < settled * size:
            place, message = heapq.heappop(errors)
            if on_error is not None:
                on_error(paths[place], message)
    for place, message in sorted(errors):  # none left unless every part had finished
        if on_error is not None:
            on_error(paths[place], message)
    return ranking(
        (paths[p], summaries[p], partial(_report_of, job, paths[p], texts.get(p)))
        for p in range(len(paths))
        if p in summaries
    )


# --- corpus figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusJob:
    """What every part of a corpus count shares: what to count, with which vocabulary, and
    (for the market figures) the idf just built."""

    count: str  # "idf", "postings" or "resumes"
    vocab: VocabFiles
    idf: tuple[int, dict[str, int]] | None = None


@dataclass(frozen=True)
class CorpusPart:
    """Some documents of one source: files of a folder, lines of a JSONL file, or one file."""

    source: int
    path: str
    files: tuple[str, ...] = ()  # a folder's
    span: tuple[int, int, int] | None = None  # a JSONL file's: start and end byte, first line


def _jsonl_spans(path: Path, lines: int) -> Iterator[tuple[int, int, int]]:
    """Byte ranges of ``lines`` lines each, read without keeping the file."""
    start = at = 0
    first = n = 1
    with path.open("rb") as fh:
        for raw in fh:
            at += len(raw)
            if n - first + 1 == lines:
                yield start, at, first
                start, first = at, n + 1
            n += 1
    if at > start:
        yield start, at, first


def corpus_parts(sources: Sequence[Path], offset: int = 0) -> Iterator[CorpusPart]:
    """The parts of each source, numbered from ``offset``; paths made absolute for workers."""
    for number, path in enumerate(sources, offset):
        path = path.resolve()
        if path.is_dir():
            files = [str(f) for f in corpus.folder_files(path)]
            for i in range(0, len(files), CORPUS_FILES_PER_PART):
                yield CorpusPart(number, str(path), tuple(files[i : i + CORPUS_FILES_PER_PART]))
        elif path.suffix == ".jsonl":
            for span in _jsonl_spans(path, CORPUS_LINES_PER_PART):
                yield CorpusPart(number, str(path), span=span)
        else:
            yield CorpusPart(number, str(path))


def _documents(part: CorpusPart) -> Iterator[corpus.Document]:
    path = Path(part.path)
    if part.files:
        return corpus.read_folder_files(path, (Path(f) for f in part.files))
    if part.span is not None:
        return corpus.read_jsonl(path, *part.span)
    return iter([corpus.read_file(path)])


def count_part(job: CorpusJob, part: CorpusPart) -> tuple[int, Any]:
    """On a worker: the counts of a part's documents, with the functions a local build uses."""
    try:
        return _count(job, part)
    except OSError as exc:
        raise MatcherError(
            f"{exc.filename or part.path}: a Dask worker cannot read it ({exc.strerror}); "
            "the corpus must be at the same path on every worker"
        ) from exc


def _count(job: CorpusJob, part: CorpusPart) -> tuple[int, Any]:
    engine = engine_for(job.vocab)
    documents = _documents(part)
    if job.count == "idf":
        return part.source, corpus.count_postings(engine.vocabulary, engine.finder, documents)
    if job.count == "resumes":
        return part.source, corpus.tally_resumes(engine.finder, documents)
    assert job.idf is not None
    vectorizer = SkillVectorizer(engine.vocabulary, IdfTable(*job.idf))
    return part.source, corpus.tally_postings(
        engine.vocabulary, engine.finder, vectorizer, documents
    )


def build_idf(client: Client, vocab: VocabFiles, postings: Sequence[Path]) -> dict[str, object]:
    """The figures of :func:`corpus.build_idf`, counted on the cluster."""
    counts: list[tuple[int, dict[str, int]]] = [(0, {}) for _ in postings]
    for _, (source, (n, df)) in _stream(
        client, count_part, CorpusJob("idf", vocab), partial(next, corpus_parts(postings), None)
    ):
        total, seen = counts[source]
        for name, k in df.items():
            seen[name] = seen.get(name, 0) + k
        counts[source] = (total + n, seen)
    return corpus.idf_figures([(p, n, df) for p, (n, df) in zip(postings, counts, strict=True)])


def build_market(
    client: Client,
    engine: Engine,
    vocab: VocabFiles,
    idf: dict[str, Any],
    postings: Sequence[Path],
    resumes: Sequence[Path],
) -> dict[str, object]:
    """The figures of :func:`corpus.build_market`, counted on the cluster.

    ``idf`` is the figures :func:`build_idf` gave (the posting sections are weighed with it);
    ``engine`` is this process's, over the same vocabulary.
    """
    weights = (int(idf["n_documents"]), dict(idf["document_frequency"]))
    tallies = [corpus.MarketTally() for _ in [*postings, *resumes]]
    for count, sources, offset in (
        ("postings", postings, 0),
        ("resumes", resumes, len(postings)),
    ):
        job = CorpusJob(count, vocab, weights)
        parts = partial(next, corpus_parts(sources, offset), None)
        for _, (source, tally) in _stream(client, count_part, job, parts):
            tallies[source] += tally
    return corpus.market_figures(
        engine.vocabulary,
        list(zip(postings, tallies[: len(postings)], strict=True)),
        list(zip(resumes, tallies[len(postings) :], strict=True)),
    )
