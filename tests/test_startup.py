"""Start-up: NLTK is imported without SciPy's statistics, and they still import after."""

from __future__ import annotations

import subprocess
import sys


def _run_fresh(code: str) -> None:
    """Run ``code`` in a new interpreter (nothing imported yet); it must exit cleanly."""
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr


def test_importing_briefing_leaves_scipy_stats_out_and_importable() -> None:
    code = (
        "import sys, briefing, briefing.cli, briefing.text\n"
        "assert 'nltk' in sys.modules\n"
        "assert 'scipy.stats' not in sys.modules, 'scipy.stats imported at start-up'\n"
        "import scipy.stats\n"
        "assert scipy.stats.fisher_exact([[1, 2], [3, 4]])[1] == 1.0\n"
    )
    _run_fresh(code)


def test_the_command_line_imports_no_nlp_pdf_or_mail_stack() -> None:
    # --help and --version must start fast: nothing heavy is imported before a command runs.
    code = (
        "import sys, briefing.cli\n"
        "heavy = {'nltk', 'scipy', 'weasyprint', 'sumy', 'numpy', 'trafilatura', 'rich',"
        " 'css_inline', 'apscheduler', 'watchfiles', 'jinja2'}\n"
        "loaded = sorted(heavy & {name.split('.')[0] for name in sys.modules})\n"
        "assert not loaded, loaded\n"
    )
    _run_fresh(code)


def test_a_program_that_imported_scipy_stats_first_keeps_it() -> None:
    code = (
        "import scipy.stats, sys\n"
        "real = sys.modules['scipy.stats']\n"
        "import briefing\n"
        "assert sys.modules['scipy.stats'] is real\n"
    )
    _run_fresh(code)
