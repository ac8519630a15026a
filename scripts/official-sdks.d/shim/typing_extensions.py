# Debian 12's typing_extensions (4.4) lacks names the official Python SDK
# imports (it asks for >= 4.14). scripts/official-sdks puts this folder
# first on PYTHONPATH only when the installed one is older: this loads the
# installed module and adds what the SDK needs from it, so the SDK runs on
# Debian's packages.
import importlib.machinery as _mach
import importlib.util as _util
import os as _os
import sys as _sys
import typing as _t

_here = _os.path.dirname(_os.path.abspath(__file__))
_path = [p for p in _sys.path if _os.path.abspath(p or ".") != _here]
_spec = _mach.PathFinder.find_spec("typing_extensions", _path)
_m = _util.module_from_spec(_spec)
_spec.loader.exec_module(_m)
globals().update({k: v for k, v in vars(_m).items() if not k.startswith("__")})

# Newer typing_extensions re-export all of typing (List, Sequence, ...).
for _n in _t.__all__:
    globals().setdefault(_n, getattr(_t, _n))
if not hasattr(_m, "TypeIs"):
    TypeIs = _m.TypeGuard  # the same to the interpreter; only checkers differ
if not hasattr(_m, "TypeAliasType"):

    class TypeAliasType:  # Python 3.11's typing makes none, so none is met
        def __init__(self, name, value, *, type_params=()):
            self.__name__, self.__value__, self.__type_params__ = name, value, type_params
