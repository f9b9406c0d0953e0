"""Build hook: ship the top-level data folders inside the package.

``vocab/``, ``templates/`` and ``static/`` stay at the top of the repository; a wheel carries
them as ``matcher/_data/<name>``, where :mod:`matcher.resources` finds them. An editable install
copies nothing: it reads the top-level folders in place.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("vocab", "templates", "static")


class BuildPyWithData(build_py):
    """build_py, then copy each data folder to ``matcher/_data/`` in the build tree."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in DATA_FOLDERS:
            target = Path(self.build_lib, "matcher", "_data", name)
            # An in-tree build (pip install .) reuses build/: a file since deleted or moved must
            # not linger there, or the wheel would ship a skills file the repository no longer has.
            shutil.rmtree(target, ignore_errors=True)
            self.copy_tree(name, str(target))


setup(cmdclass={"build_py": BuildPyWithData})
