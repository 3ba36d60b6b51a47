"""Unit tests for buildlint.parse.dockerfile.

Expected values are worked out by hand from BuildKit's documented behaviour and the
observations in tests/data/parse_cases/README.md, never copied from our own output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from buildlint.parse.dockerfile import Span, parse, parse_file, to_json

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def kws(df):
    return [i.keyword for i in df.instructions]


def errs(df):
    return [(e.line, e.message) for e in df.errors]


def one(text, idx=-1):
    df = parse(text)
    return df.instructions[idx]


# --------------------------------------------------------------------------- directives


def test_syntax_escape_check_directives():
    df = parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM a\n")
    assert df.directives == {"syntax": "docker/dockerfile:1", "escape": "`", "check": "skip=all"}
    assert df.escape == "`"
    assert df.instructions[0].prev_comments == []
    assert df.errors == []


def test_no_directives():
    df = parse("FROM a\n")
    assert df.directives == {}
    assert df.escape == "\\"


def test_directive_spaces_and_case():
    df = parse("#  ESCAPE =  `\nFROM a\nRUN a `\n  b\n")
    assert df.escape == "`"
    assert one("#  ESCAPE =  `\nFROM a\nRUN a `\n  b\n").original == "RUN a   b"


def test_directive_value_trailing_text_cut():
    df = parse("# syntax=docker/dockerfile:1 # trailing\nFROM a\n")
    assert df.directives["syntax"] == "docker/dockerfile:1"


def test_directive_after_comment_is_a_comment():
    df = parse("# hello\n# escape=`\nFROM a\nRUN x `\nCMD y\n")
    assert df.escape == "\\"
    assert df.instructions[0].prev_comments == ["hello", "escape=`"]
    assert kws(df) == ["FROM", "RUN", "CMD"]
    assert df.instructions[1].original == "RUN x `"


def test_directive_after_blank_line_is_a_comment():
    df = parse("\n# escape=`\nFROM a\n")
    assert df.escape == "\\" and "escape" not in df.directives


def test_directive_after_instruction_is_a_comment():
    df = parse("FROM a\n# escape=`\nRUN x\n")
    assert df.escape == "\\"
    assert df.instructions[1].prev_comments == ["escape=`"]


def test_unknown_directive_ends_block():
    df = parse("# foo=bar\n# escape=`\nFROM a\n")
    assert df.escape == "\\"


@pytest.mark.parametrize("key,val", [("escape", "`"), ("syntax", "x"), ("check", "skip=all")])
def test_duplicate_directive_is_an_error(key, val):
    df = parse(f"# {key}={val}\n# {key}={val}\nFROM a\n")
    assert f"only one {key} parser directive can be used" in [e.message for e in df.errors]
    assert df.parse_error is not None


def test_invalid_escape_token():
    df = parse("# escape=x\nFROM a\n")
    assert df.parse_error.message == "invalid escape token 'x' does not match ` or \\"
    assert df.escape == "\\"


def test_shebang_then_directives():
    # DetectSyntax skips a shebang, the parser's own directive handling does not
    df = parse("#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN a `\nb\n")
    assert df.directives.get("syntax") == "docker/dockerfile:1"
    assert df.escape == "\\"
    assert kws(df) == ["FROM", "RUN", "B"]


def test_slash_syntax_directive():
    df = parse("// syntax=docker/dockerfile:1\nFROM a\n")
    assert df.directives == {"syntax": "docker/dockerfile:1"}
    assert df.instructions[0].raw_keyword == "//"
    assert df.instructions[0].args == [""]
    assert (1, "unknown instruction: //") in errs(df)


def test_nbsp_directive_is_not_a_directive():
    df = parse("# escape\u00a0=\u00a0`\nFROM a\n")
    assert df.escape == "\\"
    assert df.instructions[0].prev_comments == ["escape\u00a0=\u00a0`"]


# --------------------------------------------------------------------------- encodings


def test_bom_stripped_before_directive():
    df = parse(b"\xef\xbb\xbf# escape=`\nFROM a\nRUN a `\n  b\n")
    assert df.has_bom
    assert df.escape == "`"
    assert df.instructions[1].original == "RUN a   b"
    assert df.lines[0] == "# escape=`"


def test_bom_and_columns():
    df = parse(b"\xef\xbb\xbfFROM a\n")
    assert df.instructions[0].span == Span(1, 1, 1, 7)


def test_crlf():
    df = parse(b"FROM a\r\nRUN x \\\r\n  y\r\nCMD [\"z\"]\r\n")
    assert df.crlf
    assert [i.original for i in df.instructions] == ["FROM a", "RUN x   y", 'CMD ["z"]']
    assert [(i.start_line, i.end_line) for i in df.instructions] == [(1, 1), (2, 3), (4, 4)]
    assert df.lines == ["FROM a", "RUN x \\", "  y", 'CMD ["z"]']


def test_cr_only_is_one_line():
    df = parse(b"FROM a\rRUN b\r")
    assert len(df.instructions) == 1
    assert df.instructions[0].args == ["a", "RUN", "b"]


def test_str_and_bytes_agree():
    text = "FROM a\nRUN echo \u00e9\n"
    assert to_json(parse(text)) == to_json(parse(text.encode()))


def test_invalid_utf8_and_nul():
    df = parse(b"FROM alpine\nRUN echo \x00 \xff\xfe latin1 \xe9\n")
    assert df.instructions[1].original == "RUN echo \x00 \ufffd\ufffd latin1 \ufffd"
    # one U+FFFD per undecodable byte, like Go's JSON encoding of the string
    assert parse(b"FROM a\nRUN \xe4\xb8\n").instructions[1].args == ["\ufffd\ufffd"]


# --------------------------------------------------------------------------- continuations


def test_continuation_joins_without_newline():
    ins = one("FROM a\nRUN a \\\n    b \\\n  c\n")
    assert ins.original == "RUN a     b   c"
    assert ins.args == ["a     b   c"]
    assert (ins.start_line, ins.end_line) == (2, 4)


def test_continuation_with_trailing_whitespace_after_escape():
    assert one("FROM a\nRUN a \\  \t\n  b\n").original == "RUN a   b"


def test_escaped_escape_does_not_continue():
    df = parse("FROM a\nRUN echo foo\\\\\nCMD x\n")
    assert kws(df) == ["FROM", "RUN", "CMD"]
    assert df.instructions[1].args == ["echo foo\\\\"]


def test_comments_and_blank_lines_inside_continuation():
    df = parse("FROM a\nRUN a \\\n# comment\n   # indented comment\n  b \\\n\n  c\nUSER x\n")
    run = df.instructions[1]
    assert run.original == "RUN a   b   c"
    assert (run.start_line, run.end_line) == (2, 7)
    assert [(w.line, w.message) for w in df.warnings] == [(7, "Empty continuation line found in: RUN a   b   c")]
    assert kws(df) == ["FROM", "RUN", "USER"]


def test_whitespace_only_continuation_line_warns():
    df = parse("FROM a\nRUN a \\\n \t \nb\n")
    assert [(w.line, w.message) for w in df.warnings] == [(4, "Empty continuation line found in: RUN a b")]


def test_trailing_escape_at_eof():
    df = parse("FROM a\nRUN echo hi \\")
    assert df.instructions[1].original == "RUN echo hi "
    assert df.instructions[1].args == ["echo hi"]
    assert df.errors == []


def test_continuation_swallows_next_instruction_after_comment():
    df = parse("FROM a\nRUN a \\\n# c\nRUN b\n")
    assert kws(df) == ["FROM", "RUN"]
    assert df.instructions[1].original == "RUN a RUN b"


def test_backtick_escape_backslash_is_literal():
    df = parse("# escape=`\nFROM a\nCOPY C:\\src\\ C:\\app\\\nRUN dir `\n  x\n")
    assert kws(df) == ["FROM", "COPY", "RUN"]
    assert df.instructions[1].args == ["C:\\src\\", "C:\\app\\"]
    assert df.instructions[2].original == "RUN dir   x"


# --------------------------------------------------------------------------- comments


def test_prev_comments():
    df = parse("FROM a\n# one\n#two\n#   three  \nRUN x\n\n# after blank\nCMD y\n")
    assert df.instructions[1].prev_comments == ["one", "two", "three"]
    assert df.instructions[2].prev_comments == ["after blank"]


def test_empty_comment_resets_comments():
    df = parse("FROM a\n# one\n#\n# two\nRUN x\n")
    assert df.instructions[1].prev_comments == ["two"]


def test_indented_comment_keeps_hash():
    # BuildKit strips only the first byte of the raw line, then trims spaces
    df = parse("FROM a\n\t# indented\nRUN x\n")
    assert df.instructions[1].prev_comments == ["# indented"]


# --------------------------------------------------------------------------- heredocs


def _hd(ins):
    return [(h.name, h.content, h.expand, h.chomp, h.fd) for h in ins.heredocs]


def test_basic_heredoc():
    ins = one("FROM a\nRUN <<EOF\necho hi\necho there\nEOF\n")
    assert ins.original == "RUN <<EOF"
    assert ins.args == ["<<EOF"]
    assert (ins.start_line, ins.end_line) == (2, 5)
    assert _hd(ins) == [("EOF", "echo hi\necho there\n", True, False, 0)]
    assert ins.heredocs[0].span == Span(3, 1, 4, 11)
    assert ins.span == Span(2, 1, 5, 4)


def test_chomp_heredoc_keeps_tabs_in_content():
    ins = one("FROM a\nRUN <<-EOT\n\techo one\n\tEOT\n")
    assert _hd(ins) == [("EOT", "\techo one\n", True, True, 0)]
    assert ins.end_line == 4


@pytest.mark.parametrize("delim", ['"EOF"', "'EOF'", 'E"O"F', "\\EOF"])
def test_quoted_heredoc_does_not_expand(delim):
    ins = one(f"FROM a\nRUN <<{delim}\necho $HOME\nEOF\n")
    assert _hd(ins) == [("EOF", "echo $HOME\n", False, False, 0)]


def test_several_heredocs():
    ins = one("FROM a\nRUN <<A cat - && cat <<-'B'\none\nA\ntwo\n\tB\nUSER x\n", 1)
    assert _hd(ins) == [("A", "one\n", True, False, 0), ("B", "two\n", False, True, 0)]
    assert ins.end_line == 6
    assert kws(parse("FROM a\nRUN <<A cat - && cat <<-'B'\none\nA\ntwo\n\tB\nUSER x\n")) == ["FROM", "RUN", "USER"]


def test_heredoc_mid_command_and_fd():
    ins = one("FROM a\nRUN cat <<EOF > /out\nx\nEOF\n")
    assert _hd(ins) == [("EOF", "x\n", True, False, 0)]
    ins = one("FROM a\nRUN 3<<EOF cat /proc/self/fd/3\nx\nEOF\n")
    assert _hd(ins) == [("EOF", "x\n", True, False, 3)]
    ins = one("FROM a\nRUN cat <<EOF>/out\nx\nEOF>/out\n")
    assert _hd(ins) == [("EOF>/out", "x\n", True, False, 0)]


def test_copy_and_add_heredocs():
    ins = one("FROM a\nCOPY --chmod=755 <<EOF /app/run.sh\n#!/bin/sh\necho hi\nEOF\n")
    assert ins.flags[0].raw == "--chmod=755"
    assert ins.args == ["<<EOF", "/app/run.sh"]
    assert _hd(ins) == [("EOF", "#!/bin/sh\necho hi\n", True, False, 0)]
    ins = one("FROM a\nadd <<EOF /x\ny\nEOF\n")
    assert _hd(ins) == [("EOF", "y\n", True, False, 0)]


def test_heredoc_crlf_content_keeps_cr():
    ins = one(b"FROM a\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n")
    assert _hd(ins) == [("EOF", "echo hi\r\n", True, False, 0)]


def test_not_heredoc_on_cmd_or_json_or_quoted():
    df = parse("FROM a\nCMD <<EOF\necho hi\nEOF\n")
    assert kws(df) == ["FROM", "CMD", "ECHO", "EOF"]
    assert df.instructions[1].heredocs == []
    assert (3, "unknown instruction: echo") in errs(df)
    df = parse('FROM a\nRUN ["<<EOF"]\nx\nEOF\n')
    assert kws(df) == ["FROM", "RUN", "X", "EOF"]
    df = parse('FROM a\nRUN echo "<<EOF"\nx\nEOF\n')
    assert kws(df) == ["FROM", "RUN", "X", "EOF"]


def test_heredoc_terminator_must_match_exactly():
    ins = one("FROM a\nRUN <<EOF\nEOF \n  EOF\nEOF\n")
    assert _hd(ins) == [("EOF", "EOF \n  EOF\n", True, False, 0)]
    ins = one("FROM a\nRUN <<-EOF\n  EOF\nEOF\n")
    assert _hd(ins) == [("EOF", "  EOF\n", True, True, 0)]


def test_unterminated_heredoc():
    df = parse("FROM a\nRUN <<EOF\necho never\n")
    assert df.parse_error.message == "unterminated heredoc"
    assert kws(df) == ["FROM", "RUN"]


def test_onbuild_heredoc():
    df = parse("FROM a\nONBUILD RUN <<EOF\necho x\nEOF\n")
    ins = df.instructions[1]
    assert ins.args == [""]
    assert _hd(ins) == [("EOF", "echo x\n", True, False, 0)]
    assert ins.end_line == 4
    assert ins.sub.keyword == "RUN" and ins.sub.args == ["<<EOF"]


# --------------------------------------------------------------------------- forms and args


def test_exec_and_shell_forms():
    ins = one('FROM a\nCMD ["echo", "hi"]\n')
    assert ins.json and ins.args == ["echo", "hi"] and ins.command is None
    ins = one("FROM a\nCMD echo hi\n")
    assert not ins.json and ins.args == ["echo hi"] and ins.command == "echo hi"
    ins = one('FROM a\nENTRYPOINT ["a" , "b"]  \n')
    assert ins.json and ins.args == ["a", "b"]
    ins = one("FROM a\nCMD []\n")
    assert ins.json and ins.args == []


@pytest.mark.parametrize("rest", ["['echo']", '["echo" "x"]', '["a"] b', '["a",]', "[", '["a", NaN]'])
def test_invalid_json_falls_back_to_shell_form(rest):
    ins = one(f"FROM a\nRUN {rest}\n")
    assert not ins.json
    assert ins.args == [rest]


def test_invalid_json_copy_falls_back_to_words():
    ins = one("FROM a\nCOPY [a, b]\n")
    assert not ins.json and ins.args == ["[a,", "b]"]


@pytest.mark.parametrize("text", ['RUN ["a", 1]', 'CMD [null]', 'COPY [["a"], "b"]', 'HEALTHCHECK CMD [true]'])
def test_json_non_strings_is_error(text):
    df = parse(f"FROM a\n{text}\n")
    assert df.parse_error.message == "when using JSON array syntax, arrays must be comprised of strings only"
    assert df.parse_error.line == 2


def test_env_label_triples():
    assert one("FROM a\nENV A=1 B=\"x y\" C=\n").args == ["A", "1", "=", "B", '"x y"', "=", "C", "", "="]
    assert one("FROM a\nENV A  x y z\n").args == ["A", "x y z", ""]
    assert one("FROM a\nLABEL a.b=c\n").args == ["a.b", "c", "="]
    assert one("FROM a\nLABEL key some value\n").args == ["key", "some value", ""]
    assert one("FROM a\nENV A=x\\ y B=z\n").args == ["A", "x\\ y", "=", "B", "z", "="]


def test_env_errors():
    df = parse("FROM a\nENV A=1 B\n")
    assert df.parse_error.message == "Syntax error - can't find = in \"B\". Must be of the form: name=value"
    df = parse("FROM a\nENV A\n")
    assert df.parse_error.message == "ENV must have two arguments"
    df = parse("FROM a\nLABEL a\n")
    assert df.parse_error.message == "LABEL must have two arguments"
    df = parse("FROM a\nENV\n")
    assert df.parse_error is None
    assert errs(df) == [(2, "ENV requires at least one argument")]


def test_arg_raw_words():
    df = parse('ARG A\nARG B=1 C=2\nARG D="x y"\nFROM a\n')
    assert [i.args for i in df.instructions[:3]] == [["A"], ["B=1", "C=2"], ['D="x y"']]


def test_whitespace_split_args():
    assert one("FROM a\nEXPOSE 80/tcp\t443\n").args == ["80/tcp", "443"]
    assert one("FROM a AS b\n").args == ["a", "AS", "b"]
    assert one("FROM a\nVOLUME /a /b\n").args == ["/a", "/b"]
    assert one('FROM a\nVOLUME ["/a"]\n').args == ["/a"]


def test_string_args():
    assert one("FROM a\nWORKDIR /a b\n").args == ["/a b"]
    assert one("FROM a\nUSER  x:y  \n").args == ["x:y"]
    assert one("FROM a\nMAINTAINER Jo <jo@x>\n").args == ["Jo <jo@x>"]


def test_unknown_instruction_args():
    df = parse("FROM a\nFOOBAR bar baz\n")
    assert df.instructions[1].args == [""]
    assert df.instructions[1].keyword == "FOOBAR"
    assert errs(df) == [(2, "unknown instruction: FOOBAR")]


def test_unknown_instruction_suggestion():
    df = parse("FROM a\nhello\n")
    assert errs(df) == [(2, "unknown instruction: hello (did you mean shell?)")]


def test_keyword_casing():
    df = parse("from a\nRuN x\nCopy a b\n")
    assert [(i.keyword, i.raw_keyword) for i in df.instructions] == [("FROM", "from"), ("RUN", "RuN"), ("COPY", "Copy")]
    assert df.errors == []


def test_nbsp_after_keyword_is_part_of_keyword():
    df = parse("FROM a\nRUN\u00a0echo hi\n")
    assert df.instructions[1].raw_keyword == "RUN\u00a0echo"
    assert (2, "unknown instruction: RUN\u00a0echo") in errs(df)


def test_tabs_and_form_feed_are_whitespace():
    ins = one("FROM a\n  RUN\techo\thi\n")
    assert ins.original == "RUN\techo\thi" and ins.args == ["echo\thi"]
    assert ins.span.start_column == 3
    assert one("FROM\fa\n", 0).args == ["a"]


# --------------------------------------------------------------------------- flags


def _flags(ins):
    return [f.raw for f in ins.flags]


def test_flags():
    ins = one("FROM a\nRUN --mount=type=cache,target=/x --network=none echo hi\n")
    assert _flags(ins) == ["--mount=type=cache,target=/x", "--network=none"]
    assert [(f.name, f.value) for f in ins.flags] == [("mount", "type=cache,target=/x"), ("network", "none")]
    assert ins.args == ["echo hi"]
    ins = one("FROM a\nCOPY --from=b --chown=1:1 --chmod=644 --link --parents --exclude=*.md a b\n")
    assert _flags(ins) == ["--from=b", "--chown=1:1", "--chmod=644", "--link", "--parents", "--exclude=*.md"]
    assert ins.flag("link").value is None
    ins = one("FROM a\nADD --checksum=sha256:00 --keep-git-dir=true u /d\n")
    assert _flags(ins) == ["--checksum=sha256:00", "--keep-git-dir=true"]
    assert parse("FROM a\nADD --checksum=sha256:00 --keep-git-dir=true u /d\n").errors == []
    ins = one("FROM --platform=linux/amd64 a\n")
    assert _flags(ins) == ["--platform=linux/amd64"] and ins.args == ["a"]


def test_bare_double_dash_ends_flags():
    ins = one("FROM a\nRUN --network=none -- --not-a-flag x\n")
    assert _flags(ins) == ["--network=none"]
    assert ins.args == ["--not-a-flag x"]
    ins = one("FROM a\nCOPY -- a b\n")
    assert _flags(ins) == [] and ins.args == ["a", "b"]


def test_flag_quotes_are_removed():
    ins = one('FROM a\nRUN --mount=type=secret,id="my id" echo\n')
    assert _flags(ins) == ["--mount=type=secret,id=my id"]
    assert ins.args == ["echo"]


def test_single_dash_is_not_a_flag():
    ins = one("FROM a\nRUN -x --y\n")
    assert _flags(ins) == [] and ins.args == ["-x --y"]


def test_unknown_flag_error():
    df = parse("FROM a\nCOPY --nosuchflag a b\nENV --x=1 A=b\n")
    assert errs(df) == [(2, "unknown flag: --nosuchflag"), (3, "unknown flag: --x")]
    df = parse("FROM a\nCOPY --exclude a b\n")
    assert errs(df) == [(2, "missing a value on flag: --exclude")]


def test_flag_columns_case_24():
    df = parse_file(CASES / "24-from-platform-flag" / "Dockerfile")
    from_ = df.instructions[7]
    assert from_.start_line == 9
    flag = from_.flags[0]
    assert flag.raw == "--platform=$TARGETPLATFORM"
    # "FROM --platform=$TARGETPLATFORM node:..." : the flag starts at column 6 and is
    # 26 characters long, so it ends before column 32
    assert flag.span == Span(9, 6, 9, 32)
    assert [w.value for w in from_.words] == ["node:${NODE_VERSION}-alpine", "AS", "runtime"]
    assert from_.words[0].span == Span(9, 33, 9, 60)
    assert from_.words[2].span == Span(9, 64, 9, 71)
    assert from_.span == Span(9, 1, 9, 71)


def test_word_positions_across_continuations():
    ins = one("FROM a\nCOPY a \\\n   bb \\\n  c\n")
    assert [(w.value, w.span) for w in ins.words] == [
        ("a", Span(2, 6, 2, 7)),
        ("bb", Span(3, 4, 3, 6)),
        ("c", Span(4, 3, 4, 4)),
    ]
    assert ins.span == Span(2, 1, 4, 4)


# --------------------------------------------------------------------------- ONBUILD / HEALTHCHECK


def test_onbuild_sub_instruction():
    ins = one("FROM a\nonbuild  RUN --mount=type=cache,target=/x make\n")
    assert ins.keyword == "ONBUILD" and ins.args == [""]
    assert ins.sub.keyword == "RUN" and ins.sub.args == ["make"]
    assert _flags(ins.sub) == ["--mount=type=cache,target=/x"]
    assert ins.sub.span.start_column == 10
    assert one("FROM a\nONBUILD ADD . /app\n").sub.args == [".", "/app"]


def test_onbuild_errors():
    df = parse("FROM a\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD\n")
    assert errs(df) == [
        (2, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        (3, "FROM isn't allowed as an ONBUILD trigger"),
        (4, "ONBUILD requires at least one argument"),
    ]


def test_healthcheck():
    ins = one("FROM a\nHEALTHCHECK NONE\n")
    assert ins.args == ["NONE"]
    ins = one("FROM a\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f http://x || exit 1\n")
    assert _flags(ins) == ["--interval=5s", "--retries=3"]
    assert ins.args == ["CMD", "curl -f http://x || exit 1"] and not ins.json
    ins = one('FROM a\nHEALTHCHECK CMD ["curl", "-f"]\n')
    assert ins.args == ["CMD", "curl", "-f"] and ins.json
    df = parse("FROM a\nHEALTHCHECK NONE extra\nHEALTHCHECK --interval=5s\n")
    assert errs(df) == [(2, "HEALTHCHECK NONE takes no arguments"), (3, "HEALTHCHECK requires at least one argument")]


# --------------------------------------------------------------------------- file-level errors


def test_empty_file_and_only_directives():
    for text in ["", "\n\n", "# syntax=x\n# escape=`\n", "# just a comment\n"]:
        df = parse(text)
        assert df.parse_error.message == "file with no instructions"
        assert df.instructions == []


def test_max_line_length():
    ok = parse("FROM a\nRUN " + "x" * (65535 - 4) + "\n")
    assert ok.errors == []
    bad = parse("FROM a\nRUN " + "x" * (65536 - 4) + "\n")
    assert bad.parse_error.message == "dockerfile line greater than max allowed size of 65535"
    assert bad.parse_error.line == 2
    # the limit is in bytes
    bad = parse("FROM a\nRUN " + "\u00e9" * 40000 + "\n")
    assert bad.parse_error is not None
    assert len(bad.instructions) == 2  # still parsed


def test_other_syntactic_errors():
    df = parse("FROM a b\nSHELL /bin/sh -c\nFROM\nUSER\nWORKDIR\nCOPY a\nARG\nLABEL\nEXPOSE\n")
    assert errs(df) == [
        (1, "FROM requires either one or three arguments"),
        (2, "SHELL requires the arguments to be in JSON form"),
        (3, "FROM requires either one or three arguments"),
        (4, "USER requires exactly one argument"),
        (5, "WORKDIR requires exactly one argument"),
        (6, "COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
        (7, "ARG requires at least one argument"),
        (8, "LABEL requires at least one argument"),
        (9, "EXPOSE requires at least one argument"),
    ]
    assert parse("FROM a\nRUN\nCMD   \n").errors == []


def test_never_raises_on_garbage():
    for data in [b"\x00\x00", b"\xff" * 100, b"RUN <<", b"RUN <<\n", b"RUN [\n", "RUN \udcff", b"\\", b"`\n",
                 "RUN \ud800", b"\xef\xbb\xbf", b"ONBUILD", b"ONBUILD ONBUILD", b"HEALTHCHECK \xc2\xa0x"]:
        df = parse(data)
        assert not any("internal parser error" in e.message for e in df.errors)


# --------------------------------------------------------------------------- shared cases 23-25


def test_case_23_escape_backtick():
    df = parse_file(CASES / "23-escape-directive-backtick" / "Dockerfile")
    assert df.errors == [] and df.warnings == []
    assert [(i.keyword, i.start_line, i.end_line) for i in df.instructions] == [
        ("FROM", 2, 2), ("SHELL", 3, 3), ("WORKDIR", 4, 4), ("COPY", 5, 5),
        ("RUN", 6, 7), ("ENV", 8, 9), ("USER", 10, 10), ("ENTRYPOINT", 11, 11),
    ]
    env = df.instructions[5]
    assert env.args == ["APP_HOME", "C:\\app", "=", "APP_MODE", "production", "="]
    assert df.instructions[3].args == ["publish\\", "C:\\app\\"]


def test_case_24_from_platform():
    df = parse_file(CASES / "24-from-platform-flag" / "Dockerfile")
    assert df.errors == []
    froms = [i for i in df.instructions if i.keyword == "FROM"]
    assert [(f.start_line, f.args, [x.raw for x in f.flags]) for f in froms] == [
        (2, ["node:${NODE_VERSION}-alpine", "AS", "build"], ["--platform=$BUILDPLATFORM"]),
        (9, ["node:${NODE_VERSION}-alpine", "AS", "runtime"], ["--platform=$TARGETPLATFORM"]),
    ]
    copies = [i for i in df.instructions if i.keyword == "COPY" and i.flags]
    assert [(c.start_line, c.flags[0].value) for c in copies] == [(12, "build"), (13, "build")]


def test_case_25_continuation_comments_no_eol():
    df = parse_file(CASES / "25-continuation-comments-no-eol" / "Dockerfile")
    assert df.errors == []
    assert [(i.keyword, i.start_line, i.end_line) for i in df.instructions] == [
        ("FROM", 1, 1), ("RUN", 3, 8), ("USER", 9, 9), ("HEALTHCHECK", 10, 10), ("CMD", 11, 11), ("RUN", 12, 13),
    ]
    run = df.instructions[1]
    assert "#" not in run.command
    assert run.command.startswith("apt-get update     && apt-get install")
    assert run.command.endswith("&& rm -rf /var/lib/apt/lists/*")
    assert [w.line for w in df.warnings] == [8]
    assert df.instructions[-1].command == 'echo "build finished"     && date > /tmp/build-date.txt'


# --------------------------------------------------------------------------- to_json


def test_to_json_shape():
    js = to_json(parse("# syntax=x\nFROM a\nONBUILD RUN --network=none x\n"))
    assert js["directives"] == {"syntax": "x"}
    assert js["warnings"] == [] and js["errors"] == []
    ob = js["instructions"][1]
    assert ob["keyword"] == "ONBUILD" and ob["sub"]["keyword"] == "RUN"
    assert ob["sub"]["flags"] == ["--network=none"]
    assert set(ob) == {"keyword", "raw_keyword", "start_line", "end_line", "start_column", "end_column",
                       "flags", "json", "args", "heredocs", "original", "prev_comments", "sub"}


# --------------------------------------------------------------------------- details cross-checked with the
# `dockerfile` package (BuildKit v0.12.5) where newer BuildKit is not known to differ


def test_start_line_of_line_beginning_with_escape_only():
    df = parse("FROM a\n\\  \nRUN x\n")
    ins = df.instructions[1]
    assert (ins.start_line, ins.end_line) == (2, 3)
    assert ins.original == "RUN x"


def test_heredoc_name_is_not_variable_expanded():
    ins = one("FROM a\nRUN <<$X\nx\n$X\n")
    assert _hd(ins) == [("$X", "x\n", True, False, 0)]
    ins = one('FROM a\nRUN <<"$X"\nx\n$X\n')
    assert _hd(ins) == [("$X", "x\n", False, False, 0)]


def test_empty_heredoc_name_is_not_a_heredoc():
    df = parse('FROM a\nRUN <<""\nx\n')
    assert df.instructions[1].heredocs == []
    assert kws(df) == ["FROM", "RUN", "X"]
    assert parse("FROM a\nRUN <<-\nx\n").instructions[1].heredocs == []


def test_unbalanced_quote_means_no_heredocs():
    df = parse("FROM a\nRUN <<EOF echo 'it\nx\nEOF\n")
    assert df.instructions[1].heredocs == []
    assert kws(df) == ["FROM", "RUN", "X", "EOF"]


def test_heredoc_needs_word_start():
    # `cat<<EOF` is one word that does not start with << (or digits then <<)
    df = parse("FROM a\nRUN cat<<EOF\nx\nEOF\n")
    assert df.instructions[1].heredocs == []
    ins = one("FROM a\nRUN 12<<EOF cat\nx\nEOF\n")
    assert _hd(ins) == [("EOF", "x\n", True, False, 12)]


def test_error_message_columns():
    df = parse("FROM a\n  FOOBAR x\n")
    assert [(e.line, e.column, e.message) for e in df.errors] == [(2, 3, "unknown instruction: FOOBAR")]
    assert df.parse_error is None


def test_blank_names():
    df = parse("FROM a\nARG =x\nENV =y\nLABEL =z\n")
    assert errs(df) == [
        (2, "ARG names can not be blank"),
        (3, "ENV names can not be blank"),
        (4, "LABEL names can not be blank"),
    ]


def test_flags_are_built_byte_by_byte():
    # BuildKit copies flag text one byte at a time into runes, so non-ASCII bytes come
    # out as Latin-1 characters, and the 0xA0 byte of a NBSP ends the flag word
    # (cross-checked with the `dockerfile` package)
    ins = one("FROM a\nRUN --mount=target=/\u00e9 x\n")
    assert [f.raw for f in ins.flags] == ["--mount=target=/\u00c3\u00a9"]
    ins = one("FROM a\nRUN --a=\u00e9\u00a0b x\n")
    assert [f.raw for f in ins.flags] == ["--a=\u00c3\u00a9\u00c2"] and ins.args == ["b x"]
