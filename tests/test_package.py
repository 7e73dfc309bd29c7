"""The package's front door: its module map, its flat namespace and its lazy loading."""

import importlib
import pkgutil
import re
import subprocess
import sys

import acslib


def test_the_module_table_lists_every_public_module_once():
    public = {m.name for m in pkgutil.iter_modules(acslib.__path__) if not m.name.startswith("_")}
    public.discard("sphinxext")  # the build's Sphinx extension, not a concept of the book
    listed = re.findall(r"^:mod:`acslib\.(\w+)`", acslib.__doc__, flags=re.MULTILINE)
    assert sorted(listed) == sorted(public)


def test_every_top_level_name_is_its_modules_public_name():
    for name, module in acslib._EXPORTS.items():
        owner = importlib.import_module(f"acslib.{module}")
        assert name in owner.__all__, f"acslib.{name} is not in acslib.{module}.__all__"
        assert getattr(acslib, name) is getattr(owner, name)
    assert set(acslib._EXPORTS) <= set(dir(acslib))


def test_importing_acslib_imports_none_of_its_modules():
    code = "import sys, acslib; print(sorted(m for m in sys.modules if m.startswith('acslib.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
