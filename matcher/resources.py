"""Where the data folders are: inside an installed package, or at the top of the checkout.

The repository keeps ``vocab/``, ``templates/`` and ``static/`` at its top level. A wheel carries
them inside the package as ``matcher/_data/<name>`` (``setup.py`` copies them there at build
time), so ``pip install .`` gives a matcher that has its vocabulary, pages and styles. A checkout,
and the editable install made from it (``pip install -e .``, which ``make install`` runs), has no
``_data``: there the top-level folders are read, so an edit shows at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final, Literal

DataFolder = Literal["vocab", "templates", "static"]
DATA_FOLDERS: Final = ("vocab", "templates", "static")
# The package is installed as files (from a wheel or a checkout, never a zip), so these are paths.
_PACKAGE_DIR: Final = Path(str(resources.files("matcher")))
_SHIPPED_DIR: Final = _PACKAGE_DIR / "_data"


def is_installed() -> bool:
    """True when the package was installed from a wheel (it carries its data folders)."""
    return _SHIPPED_DIR.is_dir()


def checkout_dir() -> Path | None:
    """The checkout this package runs from, or None when it was installed from a wheel."""
    return None if is_installed() else _PACKAGE_DIR.parent


def data_dir(name: DataFolder) -> Path:
    """The folder ``vocab``, ``templates`` or ``static``: the installed package's own copy, or in
    a checkout the top-level folder of that name."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}: expected one of {', '.join(DATA_FOLDERS)}")
    return (_SHIPPED_DIR if is_installed() else _PACKAGE_DIR.parent) / name
