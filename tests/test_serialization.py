from __future__ import annotations

import contextlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delaftale import (
    Agreement,
    DataError,
    FocusArea,
    Measurement,
    Paragraph,
    ParagraphKind,
    StaffAllocation,
    Staffing,
    Table,
    Text,
    Unit,
    dumps,
    loads,
    structure,
    unstructure,
)
from strategies import agreements, texts

EXAMPLES = Path(__file__).parent.parent / "examples"
BESK_JSON = EXAMPLES / "ishoj-2025-beskaeftigelse.json"


@given(agreements)
def test_structure_of_unstructure_is_identity(agreement: Agreement) -> None:
    assert structure(unstructure(agreement), Agreement) == agreement


@given(agreements)
def test_json_text_round_trip_is_identity(agreement: Agreement) -> None:
    assert loads(dumps(agreement), Agreement) == agreement


@given(texts)
def test_text_round_trip_keeps_every_block(text: Text) -> None:
    assert structure(unstructure(text), Text) == text


def test_decimals_are_written_as_exact_strings() -> None:
    m = Measurement(text="61,21 %", value=Decimal("61.21"), unit=Unit.PERCENT)
    data = json.loads(dumps(m))
    assert data["value"] == "61.21"
    assert loads(dumps(m), Measurement).value == Decimal("61.21")


def test_trailing_zero_survives_round_trip() -> None:
    m = Measurement(text="81,40 %", value=Decimal("81.40"), unit=Unit.PERCENT)
    assert str(loads(dumps(m), Measurement).value) == "81.40"


def test_json_numbers_are_read_without_a_float() -> None:
    # 0.1 + 0.2 style binary error would show up as 61.2100000000000008527...
    m = loads('{"text": "x", "value": 61.21, "unit": "percent"}', Measurement)
    assert m.value == Decimal("61.21")
    assert str(m.value) == "61.21"


def test_python_floats_are_refused_with_a_hint() -> None:
    with pytest.raises(DataError) as info:
        structure({"text": "x", "value": 61.21, "unit": "percent"}, Measurement)
    assert "float" in str(info.value)
    assert '"61.21"' in str(info.value)
    assert "$.value" in str(info.value)


def test_dates_are_iso() -> None:
    a = Agreement(focus_area=FocusArea.BESKAEFTIGELSE, initiative="X", draft_date=date(2025, 9, 1))
    assert json.loads(dumps(a))["draft_date"] == "2025-09-01"


def test_defaults_are_omitted_and_body_paragraphs_are_plain_strings() -> None:
    text = Text.of("brødtekst", Paragraph(text="punkt", kind=ParagraphKind.BULLET))
    assert unstructure(text) == ["brødtekst", {"text": "punkt", "kind": "bullet"}]


def test_table_cells_with_one_paragraph_are_plain_strings() -> None:
    table = Table(rows=((Text.of("a"), Text.of("b", "c")),))
    assert unstructure(Text.of(table)) == [{"table": [["a", ["b", "c"]]]}]


def test_every_problem_is_listed_with_its_path() -> None:
    bad = {
        "focus_area": "beskæftigelse",
        "initiative": 5,
        "period": {"start": "2025-13-01"},
        "staffing": {"allocations": [{"text": "a", "count": 0}]},
        "municipal_context": ["ok", {"txt": "typo"}, {"table": [["c", 4]]}],
        "extra": True,
    }
    with pytest.raises(DataError) as info:
        structure(bad, Agreement)
    problems = info.value.problems
    expected_paths = [
        "$.focus_area",
        "$.initiative",
        "$.period.start",
        "$.period.end",
        "$.staffing.allocations[0].count",
        "$.municipal_context[1]",
        "$.municipal_context[2].table[0][1]",
        "@ $",
    ]
    for path in expected_paths:
        assert any(
            p.endswith(path) or f"{path} " in p or p.endswith(f"@ {path}") for p in problems
        ), (path, problems)
    assert "unknown code 'beskæftigelse'" in str(info.value)
    assert "'beskaeftigelse'" in str(info.value)  # the valid code is suggested
    assert "extra" in str(info.value)


def test_value_checks_of_the_model_report_their_field() -> None:
    # Structure problems are all listed at once; the model's value checks run per object once
    # its fields have the right types, and name the field in the path.
    with pytest.raises(DataError) as info:
        structure({"area_weight": "-1"}, Staffing)
    assert info.value.problems == ("must not be negative, got -1 @ $.area_weight",)


def test_strings_are_not_coerced() -> None:
    with pytest.raises(DataError, match="expected text"):
        structure({"focus_area": "beskaeftigelse", "initiative": 12}, Agreement)


def test_booleans_are_not_coerced() -> None:
    with pytest.raises(DataError, match="expected true or false"):
        structure({"text": "x", "pending": "false"}, Measurement)


def test_counts_must_be_whole_numbers() -> None:
    with pytest.raises(DataError, match="whole number"):
        loads('{"text": "x", "count": 2.5}', StaffAllocation)
    assert loads('{"text": "x", "count": 2}', StaffAllocation).count == 2


def test_decimal_with_comma_is_refused_in_json() -> None:
    with pytest.raises(DataError, match="dot as decimal mark"):
        structure({"text": "x", "share": "61,21"}, StaffAllocation)


def test_bad_json_names_line_and_column() -> None:
    with pytest.raises(DataError, match=r"line 2, column"):
        loads('{"focus_area": "beskaeftigelse",\n "initiative" "x"}', Agreement)


def test_non_utf8_bytes_are_refused_clearly() -> None:
    with pytest.raises(DataError, match="UTF-8"):
        loads(b'{"focus_area": "\xe6"}', Agreement)


def test_block_of_wrong_type_is_named() -> None:
    with pytest.raises(DataError, match=r"expected a paragraph .* @ \$\.revision\[0\]"):
        structure({"focus_area": "beskaeftigelse", "initiative": "x", "revision": [3]}, Agreement)


def test_table_with_extra_key_is_refused() -> None:
    with pytest.raises(DataError, match="kind"):
        structure([{"table": [["a"]], "kind": "x"}], Text)


def test_a_key_given_twice_is_refused_not_last_wins() -> None:
    text = (EXAMPLES / "ishoj-2025-beskaeftigelse.json").read_text(encoding="utf-8")
    twice = text.replace(
        '"focus_area": "beskaeftigelse",',
        '"focus_area": "beskaeftigelse", "focus_area": "kriminalitetsforebyggelse",',
        1,
    )
    assert twice != text
    with pytest.raises(DataError, match="key 'focus_area' twice"):
        loads(twice, Agreement)


def test_a_utf8_byte_order_mark_is_accepted_everywhere(tmp_path: Path) -> None:
    from delaftale.files import load_plan

    data = (EXAMPLES / "ishoj-2025-beskaeftigelse.json").read_bytes()
    expected = loads(data, Agreement)
    assert loads(b"\xef\xbb\xbf" + data, Agreement) == expected
    assert loads("\ufeff" + data.decode("utf-8"), Agreement) == expected
    import shutil

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    plan_json = tmp_path / "examples" / "ishoj-2025-plan" / "plan.json"
    plan_json.write_bytes(b"\xef\xbb\xbf" + plan_json.read_bytes())
    assert load_plan(plan_json) == load_plan(EXAMPLES / "ishoj-2025-plan" / "plan.json")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[]", "must be a JSON object"),
        (b'"text"', "must be a JSON object"),
        (
            b'{"focus_area": "beskaeftigelse", "staffing": {"allocations": [{"title": "x", '
            b'"count": ' + b"9" * 5000 + b"}]}}",
            "more than 4,300 digits",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            b'{"focus_area": "beskaeftigelse", "staffing": {"area_weight": 1e-99999999}}',
            r"more digits than a figure can .* @ \$\.staffing\.area_weight",
        ),
        (
            b'{"focus_area": "beskaeftigelse", "staffing": {"area_weight": "1' + b"0" * 40 + b'"}}',
            r"more digits than a figure can",
        ),
    ],
)
def test_hostile_json_is_a_data_error_not_a_traceback(data: bytes, message: str) -> None:
    with pytest.raises(DataError, match=message):
        loads(data, Agreement)


def test_the_model_bounds_the_digits_of_a_figure() -> None:
    with pytest.raises(ValueError, match="more digits than a figure can"):
        StaffAllocation(title="Leder", share=Decimal("1e-99999999"))
    with pytest.raises(ValueError, match="more digits than a figure can"):
        Staffing(area_weight=Decimal(10) ** 15)
    assert Staffing(area_weight=Decimal("99.1234567891")).area_weight == Decimal("99.1234567891")


@given(
    cut=st.integers(0, 40_000),
    junk=st.text(alphabet='{}[]",:0123456789.eE-\\u\ufeff ', max_size=8),
)
def test_any_damaged_json_gives_a_result_or_a_data_error(cut: int, junk: str) -> None:
    text = (EXAMPLES / "ishoj-2025-beskaeftigelse.json").read_text(encoding="utf-8")
    cut = cut % (len(text) + 1)
    damaged = text[:cut] + junk + text[cut + len(junk) :]
    with contextlib.suppress(DataError):  # a result, or a DataError: nothing else
        loads(damaged, Agreement)


def _with_count(token: str) -> str:
    data = json.loads(BESK_JSON.read_text("utf-8"))
    data["staffing"]["allocations"][0]["count"] = "@@"
    return json.dumps(data).replace('"@@"', token)


@pytest.mark.parametrize(
    ("token", "said"),
    [
        # int(Decimal("1e999999999")) would build a billion digits: minutes, gigabytes.
        ("1e999999999", "the number with an exponent of 999,999,999 is no count or year"),
        ("-1E-999999999", "the number with an exponent of -999,999,999 is no count or year"),
        ("1" * 4000, "the whole number of 4,000 digits has more than 15 digits"),
        ("1234567890123456", "the whole number 1234567890123456 has more than 15 digits"),
        ("NaN", "expected a whole number, got nan"),
    ],
)
def test_a_whole_number_is_bounded_before_it_is_converted(token: str, said: str) -> None:
    with pytest.raises(DataError) as info:
        loads(_with_count(token), Agreement)
    (problem,) = info.value.problems
    assert problem.startswith(said)
    assert problem.endswith("@ $.staffing.allocations[0].count")
    assert len(str(info.value)) < 400  # the number is never quoted whole


def test_a_whole_count_written_as_a_decimal_reads() -> None:
    assert loads(_with_count("2.0"), Agreement).staffing.allocations[0].count == 2


def test_a_number_beyond_decimals_range_is_named_as_such() -> None:
    with pytest.raises(DataError, match="beyond any range a figure can have"):
        loads(_with_count("1e99999999999999999999"), Agreement)


def test_nan_and_a_long_integer_figure_are_explained_not_echoed() -> None:
    data = json.loads(BESK_JSON.read_text("utf-8"))
    data["staffing"]["allocations"][0]["share"] = "@@"
    text = json.dumps(data)
    with pytest.raises(DataError) as info:
        loads(text.replace('"@@"', "NaN"), Agreement)
    assert "got nan, which is not a figure; leave the field out" in str(info.value)
    assert "as a string" not in str(info.value)  # the old advice led to another refusal
    with pytest.raises(DataError) as info:
        loads(text.replace('"@@"', "9" * 4000), Agreement)
    assert "the number of 4,000 digits has more digits than a figure can" in str(info.value)
    assert "9" * 50 not in str(info.value)


def test_figures_are_ascii_digits_only() -> None:
    data = json.loads(BESK_JSON.read_text("utf-8"))
    data["staffing"]["allocations"][0]["share"] = "٢٧"  # Arabic-Indic 27: Decimal() reads it
    with pytest.raises(DataError) as info:
        loads(json.dumps(data), Agreement)
    assert "@ $.staffing.allocations[0].share" in str(info.value)
