"""The form's reading of a paragraph: one normalisation, one pass over the labels, per document."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from delaftale.word import form
from strategies import any_text, label_like_texts


def _normalised_as_before(text: str) -> str:
    # The expression normalise used before it kept words instead of removing non-words.
    text = re.sub(r"[\u00ad\u200b]", "", unicodedata.normalize("NFC", text).casefold())
    return re.sub(r"[\W_]+", " ", text).strip()


def _label_one_by_one(text: str) -> form.Label | None:
    # Each label tried in turn, the activity-schema heading before the activity list (whose
    # first words it shares), as the reader did before it matched them in one pass.
    key = _normalised_as_before(text)
    if not key or len(key) > 300:
        return None
    order = sorted(form.LABELS, key=lambda lab: lab.section is not form.Section.ACTIVITY_SCHEMAS)
    return next((lab for lab in order if re.fullmatch(lab.pattern, key)), None)


@given(st.one_of(label_like_texts(), any_text))
def test_one_pass_finds_the_label_trying_each_in_turn_finds(text: str) -> None:
    assert form.match_label(text) == _label_one_by_one(text)
    assert form.read_text(text).label == _label_one_by_one(text)


@given(st.one_of(any_text, st.text(max_size=80), label_like_texts()))
def test_normalise_keeps_the_words_as_before(text: str) -> None:
    assert form.normalise(text) == _normalised_as_before(text)


def test_every_label_is_found_by_its_own_text() -> None:
    for label in form.LABELS:
        assert form.match_label(label.text) is label
        assert form.match_label(label.text.upper().rstrip(":") + " :") is label


def test_the_reading_of_guidance_boilerplate_and_title() -> None:
    guidance = form.GUIDANCE[0]
    assert form.read_text(guidance) == (form.normalise(guidance), None, True, True, False)
    note = form.BOILERPLATE[1]
    assert form.read_text(note)[2:] == (False, True, False)
    title = form.read_text("Delaftale for indsatsområdet Beskæftigelse")
    assert title.title
    assert title.label is None
    assert not title.form_text
    content = form.read_text("Lektiecafé hver tirsdag i beboerhuset for børn i 4.-7. klasse.")
    assert content[1:] == (None, False, False, False)


def test_the_memo_reads_each_text_once_and_belongs_to_one_document() -> None:
    first, second = form.Memo(), form.Memo()
    reading = first("Formål:")
    assert first("Formål:") is reading  # the same reading, not worked out again
    assert second("Formål:") is not reading  # a new document starts with nothing
    assert reading.label is not None
    assert reading.label.section is form.Section.PURPOSE


def _known_by_search(key: str, keys: tuple[str, ...]) -> bool:
    # What _known answered before its word-pair test: the set, then a substring search.
    if len(key) < 12:
        return False
    return key in frozenset(keys) or (len(key) >= 40 and key in "\x00".join(keys))


@given(
    st.sampled_from([*form.GUIDANCE, *form.BOILERPLATE, *form.FIXED_TEXTS]),
    st.integers(0, 400),
    st.integers(0, 400),
    st.sampled_from(["", " og mere til", "x"]),
)
def test_the_word_pair_test_answers_as_the_search(
    text: str, start: int, length: int, extra: str
) -> None:
    # Pieces of the form's texts cut anywhere, mid-word included, with or without more text.
    key = form.normalise(text[start : start + length] + extra)
    for keys in (form._GUIDANCE_KEYS, form._BOILERPLATE_KEYS):
        assert form._known(key, keys) == _known_by_search(key, keys)


@given(any_text)
def test_the_word_pair_test_answers_as_the_search_for_any_text(text: str) -> None:
    key = form.normalise(text)
    for keys in (form._GUIDANCE_KEYS, form._BOILERPLATE_KEYS):
        assert form._known(key, keys) == _known_by_search(key, keys)
