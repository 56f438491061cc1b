"""The one LibreOffice wrapper: headless conversion of an office file (a .docx) to PDF.

Every caller (issued documents, the statistics report, `rouxing regenerate-pdfs`) goes through
`convert`: it finds the binary (`ROUXING_SOFFICE`, else `soffice`/`libreoffice` on the PATH), runs it
in a fresh temporary directory with a private user profile (parallel conversions never share a
profile lock) and HOME, stops it after `timeout` seconds and raises `OfficeConversionError` with a
Chinese message when it fails. It returns None only when LibreOffice is not installed. The caller may
add environment variables that need the work directory (the documents app's fontconfig file).

Part of `core`: it imports no rouxing app.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from django.conf import settings

DEFAULT_TIMEOUT_SECONDS = 90
NOT_INSTALLED_MESSAGE = "本机未安装 LibreOffice（soffice），无法生成 PDF。"


class OfficeConversionError(RuntimeError):
    """LibreOffice failed or timed out (PDF 转换失败); the message is Chinese, for the officer."""


def soffice_path() -> str | None:
    """The LibreOffice binary: `settings.ROUXING_SOFFICE` when set (None when that path is missing),
    else `soffice` or `libreoffice` on the PATH, else None."""
    configured = getattr(settings, "ROUXING_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    data: bytes,
    *,
    filename: str = "document.docx",
    target: str = "pdf",
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    env: Callable[[Path], Mapping[str, str]] | None = None,
) -> bytes | None:
    """Convert `data` (the bytes of `filename`) to `target`; None when LibreOffice is not installed.

    `env(workdir)` may return extra environment variables for the run. Raises OfficeConversionError
    on a non-zero exit, a missing output file, a timeout or a binary that cannot be started."""
    binary = soffice_path()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="rouxing-office-") as tmp:
        work = Path(tmp)
        source = work / filename
        source.write_bytes(data)
        run_env = dict(os.environ, HOME=str(work))
        if env is not None:
            run_env.update(env(work))
        cmd = [
            binary, f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", target, "--outdir", str(work / "out"), str(source),
        ]
        try:
            done = subprocess.run(cmd, env=run_env, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OfficeConversionError(f"PDF 转换超时（{timeout} 秒）。") from exc
        except OSError as exc:
            raise OfficeConversionError(f"PDF 转换失败：无法启动 LibreOffice（{exc}）。") from exc
        output = work / "out" / f"{source.stem}.{target}"
        if done.returncode != 0 or not output.exists():
            raise OfficeConversionError(f"PDF 转换失败：{done.stderr.decode(errors='replace')[-300:]}")
        return output.read_bytes()
