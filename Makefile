# Two commands set up everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format bench eval corpus vocab model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p instance
	$(BIN)/gunicorn --config gunicorn.conf.py 'matcher:create_app()'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks

eval: $(STAMP)
	$(BIN)/python -m matcher.evaluate

corpus: $(STAMP)
	$(BIN)/matcher corpus build

vocab: $(STAMP)
	$(BIN)/matcher vocab import

model: $(STAMP)
	$(BIN)/matcher model build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage htmlcov build *.egg-info
