"""A `SpacyNLP` that serves cyberguide's blank English pipeline instead of a downloaded model.

Rasa's own `SpacyNLP` can only `spacy.load()` a packaged model by name, and no model can be
downloaded here. Rasa wires `SpacyTokenizer` to its model provider by class *name*, so
this subclass keeps the name `SpacyNLP`; config.yml refers to it by its full path.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP

from bot.triage.nlp import get_pipeline

MODEL_NAME = "cyberguide-blank-en"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(RasaSpacyNLP):
    """Provides `spacy.blank("en")` with lookup lemmas, built by :mod:`bot.triage.nlp`."""

    @staticmethod
    def load_model(spacy_model_name: str) -> SpacyModel:
        return SpacyModel(model=get_pipeline().nlp, model_name=MODEL_NAME)

    @staticmethod
    def ensure_proper_language_model(nlp) -> None:
        """A blank pipeline has no path on disk, which Rasa's check would reject; it only must exist."""
        if nlp is None:
            raise Exception("cyberguide's spaCy pipeline could not be built.")
