"""newsframes: compare how news outlets tell the same story, with evidence a reader can check.

>>> from analysis import load_corpus
>>> corpus = load_corpus()          # the default corpus, data/raw/gsomia-2023    # doctest: +SKIP
"""
import logging

__version__ = "0.1.0"

from .corpus import Corpus, load_corpus  # noqa: E402
from .errors import AnalysisError, InputError, ParameterError, Skipped  # noqa: E402
from .pipeline import Analysis, analyse  # noqa: E402
from .present import show  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Analysis", "Corpus", "analyse", "load_corpus", "show", "AnalysisError", "InputError", "ParameterError", "Skipped", "__version__"]
