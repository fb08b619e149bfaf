# Two commands from a fresh clone: `make demo` and `make test`. Both create .venv and install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck check bench bench-triage bench-crawl clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/safecity demo

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python bench/pipeline.py

# the triage app's server time on 100,000 candidates and 1,000,000 mentions (SQLite, seeded once)
bench-triage: $(STAMP)
	$(BIN)/python bench/triage.py

# a crawl of a 20,000-page local mirror of ../shared/corpus: pages/s, against trafilatura alone and
# against extraction inside Scrapy, and peak memory at 5,000 and 20,000 pages (PAGES=2000 for less)
bench-crawl: $(STAMP)
	$(BIN)/python bench/crawl.py --pages $(or $(PAGES),20000)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
