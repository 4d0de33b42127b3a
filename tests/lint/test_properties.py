"""Property tests: the rules agree with the reference grammar they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpuop_values.lint.rules.driver_version import problem
from gpuop_values.lint.rules.image_tag import valid_tag
from gpuop_values.references import DIGEST, TAG, BadInputError, parse_reference
from tests.lint.helpers import lint, only

tags = st.one_of(
    st.from_regex(TAG, fullmatch=True),
    st.text(alphabet="abcXYZ019_.-+:/@ ~é", min_size=1, max_size=20),
    st.text(min_size=1, max_size=140),
)


@settings(max_examples=300, deadline=None)
@given(tags)
def test_tag_rule_is_the_reference_grammar(version: str) -> None:
    expected = bool(TAG.match(version) or DIGEST.match(version))
    assert valid_tag(version) is expected
    try:
        parse_reference(f"harbor.local/nvidia/x:{version}")
        parsed = True
    except BadInputError:
        parsed = False
    if ":" not in version and "@" not in version and "/" not in version:
        assert parsed is bool(TAG.match(version))


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}\Z").filter(lambda s: not s.isdigit()), st.booleans())
def test_tag_rule_fires_exactly_on_invalid_written_tags(version: str, broken: bool) -> None:
    written = version + ("+x" if broken else "")
    found = only(lint(f"toolkit:\n  version: '{written}'\n"), "GPU004")
    assert bool(found) is broken


branches = st.integers(min_value=100, max_value=999).map(str)
kernels = st.from_regex(r"\A[0-9]\.[0-9]{1,2}\.[0-9]{1,3}-[0-9]{1,4}(-[a-z]{3,8})?\Z")
oses = st.sampled_from(["ubuntu22.04", "ubuntu20.04", "rhel8.9", "rhcos4.14", "centos7"])


@given(branches, kernels)
def test_driver_forms_that_fit(branch: str, kernel: str) -> None:
    assert problem(branch, precompiled=True) is None
    assert problem(f"{branch}-{kernel}", precompiled=False) is None
    assert problem(f"{branch}.54.14", precompiled=False) is None


@given(branches, kernels, oses, st.booleans())
def test_driver_os_suffix_always_caught(branch: str, kernel: str, os_tag: str, precompiled: bool) -> None:
    found = problem(f"{branch}-{kernel}-{os_tag}", precompiled)
    assert found is not None and os_tag in found[0]
    assert found[1] == f'drop the suffix: version: "{branch}-{kernel}"'


@given(branches, kernels)
def test_driver_mode_mismatches_caught(branch: str, kernel: str) -> None:
    assert problem(branch, precompiled=False) is not None
    assert problem(f"{branch}.54.14", precompiled=True) is not None
    assert problem(f"{branch}-{kernel}", precompiled=True) is not None
