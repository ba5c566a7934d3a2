"""Where the command line gets the key file's passphrase (issue 16, case 11).

In order: the file named by QJTASKS_PASSPHRASE_FILE (its first line), then QJTASKS_PASSPHRASE,
then a prompt without echo when the program runs in a terminal. Scripts and tests use the
variables; nothing is ever asked on a pipe. The answer is kept for the rest of the command.
"""
from __future__ import annotations

import os
import sys

from qjtasks.core.errors import ValidationError


def read_passphrase_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise ValidationError(f"读不出口令文件“{path}”") from None


def from_environment_or_terminal(path, retry: bool) -> str | None:
    """The `keys` passphrase source of the CLI."""
    named = os.environ.get("QJTASKS_PASSPHRASE_FILE")
    if named:
        return read_passphrase_file(named)
    if os.environ.get("QJTASKS_PASSPHRASE"):
        return os.environ["QJTASKS_PASSPHRASE"]
    if not sys.stdin or not sys.stdin.isatty():
        from qjtasks.exchange.keys import PassphraseError
        raise PassphraseError(f"本机密钥文件“{path.name}”设有口令：请设置环境变量 "
                              "QJTASKS_PASSPHRASE_FILE 指向存放口令的文件（首行），或在终端中运行")
    import getpass
    prompt = "口令不正确，请重新输入：" if retry else f"请输入本机密钥口令（{path.name}）："
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        return None


def install() -> None:
    from qjtasks.exchange import keys
    keys.set_passphrase_source(from_environment_or_terminal)


def new_passphrase(file: str | None) -> str:
    """The new passphrase: from --new-passphrase-file, QJTASKS_NEW_PASSPHRASE_FILE, or typed
    twice in a terminal."""
    named = file or os.environ.get("QJTASKS_NEW_PASSPHRASE_FILE")
    if named:
        text = read_passphrase_file(named)
    elif sys.stdin and sys.stdin.isatty():
        import getpass
        text = getpass.getpass("新口令：")
        if getpass.getpass("再输入一次新口令：") != text:
            raise ValidationError("两次输入的口令不一致，未修改")
    else:
        raise ValidationError("请用 --new-passphrase-file 指定存放新口令的文件（或在终端中运行）")
    if len(text) < 6:
        raise ValidationError("口令太短：至少 6 个字符，未修改")
    return text
