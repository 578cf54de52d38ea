import pytest

from autodefensas.build.yamlio import YamlError, load_yaml


def write(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    return path


def test_lines_of_keys_and_items(tmp_path):
    data = load_yaml(write(tmp_path, "a: 1\nitems:\n  - x: 1\n    y: 2\n  - x: 3\n"))
    assert data.line_of("items") == 2
    assert data["items"].item_lines == [3, 5]
    assert data["items"][0].line_of("y") == 4


def test_duplicate_key_is_refused_with_both_lines(tmp_path):
    with pytest.raises(YamlError) as exc:
        load_yaml(write(tmp_path, "a: 1\nb: 2\na: 3\n"))
    assert exc.value.rule == "coding.duplicate-key"
    assert exc.value.line == 3
    assert "first at line 1" in exc.value.message


def test_syntax_error_has_line(tmp_path):
    with pytest.raises(YamlError) as exc:
        load_yaml(write(tmp_path, "a: 1\nb: [unclosed\nc: 3\n"))
    assert exc.value.rule == "coding.yaml-syntax"
    assert exc.value.line is not None


def test_tab_indentation_says_use_spaces(tmp_path):
    with pytest.raises(YamlError) as exc:
        load_yaml(write(tmp_path, "a:\n\t- 1\n"))
    assert exc.value.line == 2
    assert "spaces" in exc.value.hint


def test_not_utf8(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("a: café\n".encode("latin-1"))
    with pytest.raises(YamlError) as exc:
        load_yaml(path)
    assert exc.value.rule == "coding.encoding"


def test_tagged_values_their_constructor_refuses_are_reported_at_their_line(tmp_path):
    import pytest

    for text in ("a: 1\nx: !!bool x\n", "a: 1\nx: !!timestamp x\n", "a: 1\nx: !!int abc\n"):
        path = tmp_path / "sheet.yaml"
        path.write_text(text, "utf-8")
        with pytest.raises(YamlError) as caught:
            load_yaml(path)
        assert (caught.value.rule, caught.value.line) == ("coding.type", 2)
