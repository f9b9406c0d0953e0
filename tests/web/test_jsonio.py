"""JSON in and out of the app: orjson's output must read as the standard library's would."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

import pytest

from tests.web.conftest import POSTING_TEXT, RESUME_TEXT

ODD_VALUES = [
    {"b": 1, "a": [1.5, None, True], "é": "naïve – “quoted” <tag>"},
    {1: "int keys", 2: {3: 4}},  # Flask's default provider writes them as strings
    {"big": 2**70, "small": -(2**70)},  # beyond 64 bits: orjson refuses, the fallback writes
    {"lone surrogate": "a\ud800b"},  # not valid UTF-8: the fallback escapes it
    {"when": datetime.date(2026, 11, 21), "amount": decimal.Decimal("1.25")},
    {"at": datetime.datetime(2026, 11, 21, 8, 30, tzinfo=datetime.UTC)},
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=range(len(ODD_VALUES)))
def test_whatever_the_default_provider_writes_reads_back_the_same(app, value):
    from flask.json.provider import DefaultJSONProvider

    reference = DefaultJSONProvider(app)
    assert json.loads(app.json.dumps(value)) == json.loads(reference.dumps(value))


def test_what_no_provider_can_write_still_raises_a_type_error(app):
    with pytest.raises(TypeError):
        app.json.dumps({"x": object()})


def test_the_api_answer_has_sorted_keys_and_reads_as_the_standard_library_reads_it(client):
    response = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    report = json.loads(response.get_data(as_text=True))
    assert response.get_data(as_text=True).strip() == json.dumps(
        report, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"resume_text": "x", "posting_text": ',  # cut off
        b'{"resume_text": NaN, "posting_text": "y"}',  # not JSON, though Python's reader takes it
        b'{"resume_text": "\\ud800", "posting_text": "y"}',  # a lone surrogate escape
        b"\xff\xfe not utf-8",
    ],
)
def test_a_malformed_json_body_answers_400_with_a_message(client, body):
    response = client.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_pages_still_embed_json_safely_in_html(app):
    with app.app_context():
        from flask import render_template_string

        html = render_template_string("{{ value|tojson }}", value={"x": "</script><b>&'"})
    assert "</script>" not in html and "<b>" not in html
    assert json.loads(html.replace("&#39;", "'")) == {"x": "</script><b>&'"}
