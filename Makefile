# Everything runs inside .venv, made on first use from the system python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= $(CURDIR)/.demo/starframe.db

.PHONY: run test lint typecheck pytest bench schemas messages clean

$(STAMP): pyproject.toml plugins/justice/pyproject.toml plugins/parent_baby/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e plugins/justice -e plugins/parent_baby
	touch $@

run: $(STAMP)
	$(BIN)/starframe demo --db $(DEMO_DB)
	$(BIN)/starframe tui --db $(DEMO_DB)

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

schemas: $(STAMP)
	$(BIN)/starframe schema --out schemas --force

# The reports' wording: extract the marked messages, merge them into each language's .po,
# compile the .mo files (committed; tests/test_messages.py checks they match).
messages: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -o build/starframe.pot starframe
	$(BIN)/pybabel update --no-fuzzy-matching -i build/starframe.pot -d starframe/i18n/locale -D starframe
	$(BIN)/pybabel compile --statistics -d starframe/i18n/locale -D starframe

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache .hypothesis
