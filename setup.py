"""Build hook: compile the translation catalogues into the package (pyproject.toml has the rest).

The .po files are the source; the .mo files Django reads are built, never committed. An editable
install (`make install`) compiles them in place with `make messages`; a wheel or sdist install
gets them from this step, so `pip install libnet` serves Vietnamese pages and documents.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path("src/libnet/locale").glob("*/LC_MESSAGES/django.po"):
            relative = po_path.relative_to("src").with_suffix(".mo")
            target = Path(self.build_lib) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as source:
                catalogue = read_po(source, locale=po_path.parts[-3])
            with target.open("wb") as out:
                write_mo(out, catalogue, use_fuzzy=False)


setup(cmdclass={"build_py": BuildPyWithTranslations})
