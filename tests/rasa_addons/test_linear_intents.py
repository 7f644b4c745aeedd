"""The intent classifier: trained, stored with skops, loaded back, and ranking every intent."""

from __future__ import annotations

from pathlib import Path

import pytest
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.linear_intents import MODEL_FILE, LinearIntentClassifier

EXAMPLES = {
    "greet": ["hi", "hello", "hey there", "good morning", "hiya", "hello is anyone there"],
    "goodbye": ["bye", "goodbye", "see you", "i'm off now", "bye bye", "talk later"],
    "ask_laws": ["is this illegal", "what law covers this", "is stalking a crime", "can i press charges"],
    "describe_situation": [
        "my ex keeps messaging me from new accounts",
        "someone posted my photos online",
        "he tracks my location",
        "ohio",
        "my coworker",
    ],
}


def training_data() -> TrainingData:
    return TrainingData(
        [Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]
    )


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def classify(classifier: LinearIntentClassifier, text: str) -> Message:
    (message,) = classifier.process([Message(data={TEXT: text})])
    return message


def test_a_trained_classifier_is_stored_loaded_and_ranks_every_intent(storage: LocalModelStorage) -> None:
    resource = Resource("intents")
    trained = LinearIntentClassifier.create({}, storage, resource, context())
    trained.train(training_data())

    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    message = classify(loaded, "helo, anyone there?")  # a typo: the character runs still match
    assert message.get(INTENT)["name"] == "greet"
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0]["name"] == "greet"
    assert {r["name"] for r in ranking} == set(EXAMPLES)
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])
    assert classify(loaded, "is it a crime to track someone").get(INTENT)["name"] == "ask_laws"
    assert classify(loaded, "").get(INTENT)["name"] in EXAMPLES  # empty text: still an answer, no error


def test_the_loaded_model_answers_as_the_trained_one(storage: LocalModelStorage) -> None:
    resource = Resource("intents")
    trained = LinearIntentClassifier.create({}, storage, resource, context())
    trained.train(training_data())
    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    for text in ("bye for now", "he posted my address", "what are my rights"):
        assert classify(loaded, text).get(INTENT_RANKING_KEY) == classify(trained, text).get(INTENT_RANKING_KEY)


def test_a_message_with_typos_is_read_as_the_message_spelled_right(storage: LocalModelStorage) -> None:
    resource = Resource("intents")
    LinearIntentClassifier.create({}, storage, resource, context()).train(training_data())
    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    typed = classify(loaded, "is stalkng a crme").get(INTENT_RANKING_KEY)
    # (the confidences are read to the last digit: uncorrected, the character runs would differ)
    assert typed == classify(loaded, "is stalking a crime").get(INTENT_RANKING_KEY)


def test_a_stored_model_holding_other_types_is_not_loaded(
    storage: LocalModelStorage, caplog: pytest.LogCaptureFixture
) -> None:
    resource = Resource("intents")
    with storage.write_to(resource) as directory:
        sio.dump({"model": Path("/etc/passwd")}, directory / MODEL_FILE)  # a type that is not scikit-learn's
    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    assert "untrusted types" in caplog.text and "PosixPath" in caplog.text
    assert classify(loaded, "hello").get(INTENT) is None, "an untrusted model must not classify anything"


def test_nothing_to_learn_leaves_the_messages_alone(storage: LocalModelStorage) -> None:
    resource = Resource("intents")
    classifier = LinearIntentClassifier.create({}, storage, resource, context())
    classifier.train(TrainingData([]))
    assert classify(classifier, "hello").get(INTENT) is None
    assert classify(LinearIntentClassifier.load({}, storage, resource, context()), "hello").get(INTENT) is None
