"""Files the app writes for people (PDFs, workbooks) are written whole or not at all.

Each is written under a short temporary name in its folder and takes its own name only when
complete, so a failure -- a full disk, a folder one may not write in, a report cancelled --
never leaves half a file, nor spoils an earlier one of the same name. The temporary name is
short whatever the file's name: a long, legal name must not become an illegal one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from bscp_monitor.common.errors import UserError


def _new_file_mode() -> int:
    """0o666 less the process's umask: the mode open() gives a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _new_file_mode()


def draft_beside(path: Path) -> Path:
    """A new empty file with a short hidden name in ``path``'s folder (UserError if the folder
    cannot take one); the caller writes it, renames it (``put_in_place``) and removes it if
    that never happens."""
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist. Choose another place to save.")
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".bscp-", suffix=".partial")
    except OSError as exc:
        raise UserError(
            f"BSCP Monitor cannot write in {path.parent} ({exc.strerror or exc}). "
            "Choose another place to save."
        ) from exc
    os.close(handle)
    draft = Path(name)
    # mkstemp makes the file readable by its owner alone: give it the mode any new file
    # gets here (or that of the file it will replace), so colleagues on a shared folder
    # can open it as before.
    try:
        mode = path.stat().st_mode & 0o777 if path.is_file() else _NEW_FILE_MODE
        draft.chmod(mode)
    except OSError:
        pass  # the file still works; only its sharing is narrower
    return draft


def put_in_place(draft: Path, path: Path) -> None:
    """Give the finished ``draft`` the name ``path`` (replacing any file of that name)."""
    try:
        draft.replace(path)
    except OSError as exc:
        raise UserError(
            f"{path} cannot be written ({exc.strerror or exc}). If it is open in another "
            "program, close it and try again, or choose another name."
        ) from exc


def write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(draft)`` to write the file under a temporary name, then give it its own.
    An OSError becomes one UserError; nothing is left behind either way."""
    draft = draft_beside(path)
    try:
        try:
            write(draft)
        except OSError as exc:
            raise UserError(
                f"{path.name} cannot be written in {path.parent} ({exc.strerror or exc}). "
                "Choose another place to save."
            ) from exc
        put_in_place(draft, path)
    finally:
        with suppress(OSError):
            draft.unlink(missing_ok=True)
