"""flytcheck: is this Familia database ready for the cut-over to Flyt Barnevern?"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flytcheck")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0"
