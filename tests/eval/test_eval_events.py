"""Quality floors for event coding, scored through ``dateline extract`` on the development part
of the training files (sentences the event encoder never trained on)."""

from __future__ import annotations

import pytest

from dateline.eval.events import EventsEvalReport, evaluate_events, gold_sentences
from dateline.eval.news_labels import NEWS_FILE, news_sentences
from dateline.extract.events.encoder import dev_key, is_dev
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def report() -> EventsEvalReport:
    return evaluate_events(shared_file("dev/events/conflibert/cameo_class.train.tsv").parents[1])


@pytest.mark.shared
@pytest.mark.slow
def test_pentaclass_macro_f1_floor(report: EventsEvalReport) -> None:
    assert report.class_sentences > 250
    assert report.macro_f1 >= 0.86  # 0.889 measured


@pytest.mark.shared
@pytest.mark.slow
def test_party_span_floors(report: EventsEvalReport) -> None:
    assert report.span_sentences > 150
    assert report.source.f1 >= 0.83  # 0.865 measured
    assert report.span_macro_f1 >= 0.64  # 0.675 measured (target 0.485)


@pytest.mark.shared
@pytest.mark.slow
def test_plover_type_floor(report: EventsEvalReport) -> None:
    assert report.plover_sentences > 140
    assert report.plover_macro_f1 >= 0.72  # 0.748 measured (accuracy 0.816)


@pytest.mark.shared
@pytest.mark.slow
def test_real_news_floors(report: EventsEvalReport) -> None:
    news = report.news
    assert news is not None
    assert news.sentences > 500 and news.gold_events > 200
    # 1,109 sentences since the third round of labels (harder ones: drawn among those the
    # encoder reads as events); on the 922 before, 0.855, 0.768 and 0.571
    assert news.event.precision >= 0.82  # 0.861 measured
    # the calibrated confidence hides the events likeliest to be wrong: recall fell from 0.382
    # as type accuracy rose from 0.750; the floor keeps it from hiding everything
    assert news.event.recall >= 0.30  # 0.350 measured
    assert news.type_accuracy >= 0.77  # 0.808 measured
    assert news.source.f1 >= 0.72  # 0.761 measured
    assert news.target.f1 >= 0.54  # 0.587 measured
    assert news.all_right >= 0.32  # 0.370 measured: type and both phrases exactly as labelled


@pytest.mark.shared
def test_the_development_split_is_the_one_the_encoder_was_trained_without() -> None:
    root = shared_file("dev/events/conflibert/cameo_class.train.tsv").parents[1]
    shared = shared_file(NEWS_FILE).parents[1]
    texts = [g.text for g in gold_sentences(root)] + [s.text for s in news_sentences(shared)]
    held_out = {dev_key(text) for text in texts if is_dev(dev_key(text))}
    from importlib import resources

    from dateline.extract.events.encoder import DATA_DIR

    shipped = resources.files("dateline").joinpath(f"{DATA_DIR}/dev_split.txt").read_text()
    assert held_out == set(shipped.split())
