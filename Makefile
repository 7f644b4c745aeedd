# cyberguide: `make run` to start it, `make test` to test it. Both set themselves up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := 3.10
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMPS := .stamps
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONPATH := $(CURDIR)

TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null | sort)
# The NLU components in rasa_addons/ that are part of the model (not the tracker store or log guards).
MODEL_ADDONS := rasa_addons/spacy_blank.py rasa_addons/pattern_entities.py rasa_addons/safety_override.py rasa_addons/stateless.py \
	rasa_addons/linear_intents.py rasa_addons/language_guard.py
# The lemmas the featurizers read come from bot/triage/nlp.py: the lookup table, the lexicon's fixes and
# texting spellings, and typos corrected to the patterns' words. A change there retrains the model too.
LEMMA_SOURCES := bot/triage/nlp.py bot/triage/lexicon.py bot/triage/spelling.py $(wildcard bot/triage/patterns/*.yml)
MODEL_STAMP := models/.trained
# The learned second opinion (bot/triage/second_opinion.py): refitted when its code or any labelled account changes.
SECOND_OPINION := models/second-opinion.pkl
SECOND_OPINION_INPUTS := bot/triage/second_opinion.py bot/devtools/second_opinion.py $(shell find tests/data -name '*.jsonl' 2>/dev/null | sort) $(shell find data/nlu -name '*.yml' 2>/dev/null | sort)

.PHONY: help run console shell telegram install train test test-python lint validate kb-check rasa-test eval bench nlu-report nlu-blind system-deps clean

help:
	@echo "make run    - set up (first time), train if needed, start cyberguide"
	@echo "make test   - set up, validate data, run all tests, train, run story tests"
	@echo "make lint   - ruff (lint, format check) and mypy"
	@echo "make console - the staff console alone on http://127.0.0.1:8090 (make run starts it too)"
	@echo "make shell  - chat in the terminal with a running cyberguide"
	@echo "make telegram - run the Telegram bot by polling (needs TELEGRAM_BOT_TOKEN and a running cyberguide)"
	@echo "make eval   - triage accuracy on the train, dev and blind splits"
	@echo "make bench  - triage speed, then speed per message against the minimal Rasa bot (results/bench.json)"

# --- setup ---------------------------------------------------------------------------------
$(PY):
	@command -v python$(PYTHON_VERSION) >/dev/null || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }
	python$(PYTHON_VERSION) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24" wheel

$(STAMPS)/installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	$(PY) -m pip check
	@mkdir -p $(STAMPS) && touch $@

install: $(STAMPS)/installed

# Chromium for the widget's browser tests comes from Debian (Playwright's own download cannot work here);
# so does redis-server for the production-profile tests (tests/production: Redis lock store, two Rasa instances).
$(STAMPS)/system-deps:
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; \
	fi
	@if ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; fi; \
	fi
	@mkdir -p $(STAMPS) && touch $@

system-deps: $(STAMPS)/system-deps

# --- model ---------------------------------------------------------------------------------
$(MODEL_STAMP): $(STAMPS)/installed $(TRAINING_INPUTS) $(MODEL_ADDONS) $(LEMMA_SOURCES)
	$(RASA) train --fixed-model-name cyberguide --out models
	@touch $@

$(SECOND_OPINION): $(STAMPS)/installed $(SECOND_OPINION_INPUTS)
	$(PY) -m bot.devtools.second_opinion fit

train: $(MODEL_STAMP) $(SECOND_OPINION)

# --- run -----------------------------------------------------------------------------------
run: install train
	$(PY) -m bot kb load
	$(PY) -m bot.supervisor

# The staff console on its own (no Rasa needed); accounts: `$(PY) -m bot staff add NAME [--admin]`.
console: install
	$(PY) -m bot kb load
	$(PY) -m bot.console

shell: install
	$(PY) -m bot.channels.terminal

# `make run` starts it too when TELEGRAM_BOT_TOKEN is set; this runs it on its own, beside a running Rasa.
telegram: install
	$(PY) -m bot.channels.telegram

# --- test ----------------------------------------------------------------------------------
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

kb-check: install
	$(PY) -m bot kb check

validate: install
	$(RASA) data validate --fail-on-warnings --data data --domain domain.yml --config config.yml

test-python: install system-deps
	$(PY) -m pytest -m "not rasa" tests

rasa-test: train
	$(RASA) test --stories tests/ --nlu data/nlu --model models --fail-on-prediction-errors --out results

test: lint kb-check validate test-python train rasa-test
	$(PY) -m pytest -m rasa tests

eval: install
	$(PY) -m bot.devtools.evaluate train dev blind unseen --with-rules-alone

# Triage throughput, then cyberguide through its gateway against the minimal Rasa bot trained on the
# spot (issue 15's targets). BENCH_ARGS: --quick (smoke run), --train (also time training cyberguide),
# --profile (py-spy, if installed, samples the servers).
bench: install train
	$(PY) -m bot.devtools.bench tests/data/corpus.jsonl
	$(PY) -m bot.devtools.conversation_bench $(BENCH_ARGS)

# The trained model on messages written apart from the training data and never trained on.
nlu-blind: train
	$(RASA) test nlu --nlu tests/data/nlu_blind.yml --model models --out results/nlu-blind

nlu-report: install
	$(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 --out results/nlu

clean:
	rm -rf $(STAMPS) models results var
