"""extract_isolated: parsing in a child process held to time and memory limits."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from matcher.errors import DocumentError, EmptyTextError, ParseLimitError, UnsupportedTypeError
from matcher.isolate import extract_isolated
from tests import fixtures_gen as gen


def test_an_isolated_extract_returns_the_same_text_as_extract() -> None:
    from matcher.extract import extract

    data = gen.make_pdf("Senior backend engineer: Go, gRPC and PostgreSQL.")
    assert extract_isolated(data, "cv.pdf") == extract(data, "cv.pdf")


def test_errors_in_the_child_come_back_with_their_type_and_message() -> None:
    with pytest.raises(EmptyTextError, match=r"scan\.pdf has no readable text"):
        extract_isolated(gen.make_scanned_pdf(), "scan.pdf")
    with pytest.raises(DocumentError, match="password-protected"):
        extract_isolated(gen.make_encrypted_pdf("Python"), "locked.pdf")


def test_plain_text_and_type_errors_are_handled_without_a_child() -> None:
    assert extract_isolated(b"Python and Kafka", "cv.txt") == "Python and Kafka"
    with pytest.raises(UnsupportedTypeError):
        extract_isolated(b"Python and Kafka", "cv.pdf")


def test_a_self_referencing_pdf_is_a_document_error_in_isolation() -> None:
    with pytest.raises(DocumentError):
        extract_isolated(gen.make_self_referencing_pdf(), "loop.pdf", timeout=10)


def test_a_docx_zip_bomb_is_refused_quickly_in_isolation() -> None:
    data = gen.make_docx_zip_bomb()
    start = time.monotonic()
    with pytest.raises(ParseLimitError):
        extract_isolated(data, "bomb.docx")
    assert time.monotonic() - start < 5


@pytest.mark.slow
def test_a_flate_bomb_is_stopped_within_ten_seconds_and_the_parent_stays_small() -> None:
    data = gen.make_flate_bomb_pdf()
    parent = psutil.Process()
    before = parent.memory_info().rss
    peak = before
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, parent.memory_info().rss)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.monotonic()
    try:
        with pytest.raises((ParseLimitError, DocumentError)) as caught:
            extract_isolated(data, "bomb.pdf", timeout=10, memory_mb=512)
    finally:
        done.set()
        watcher.join()
    assert time.monotonic() - start < 10
    assert "stopped" in str(caught.value) or isinstance(caught.value, DocumentError)
    assert peak - before < 100 * 1024 * 1024
    # The worker that hit the limit is replaced; the next upload is served.
    assert "Python" in extract_isolated(gen.make_pdf("Python"), "cv.pdf")


@pytest.mark.slow
def test_a_parse_past_its_timeout_is_stopped_and_reported_as_too_long() -> None:
    data = gen.make_flate_bomb_pdf(inflated_mb=300)
    with pytest.raises(ParseLimitError, match="took too long"):
        extract_isolated(data, "slow.pdf", timeout=0.05, memory_mb=4096)
    assert "Kafka" in extract_isolated(gen.make_pdf("Kafka"), "cv.pdf")


def test_isolated_extracts_work_from_many_threads_at_once() -> None:
    documents = [(gen.make_pdf(f"Skill number {i} is Rust"), f"cv{i}.pdf") for i in range(8)]
    documents.append((gen.make_docx(["Skill number 8 is Redis"]), "cv8.docx"))
    with ThreadPoolExecutor(max_workers=6) as pool:
        texts = list(pool.map(lambda d: extract_isolated(*d), documents))
    for i, text in enumerate(texts):
        assert f"Skill number {i} is" in text
