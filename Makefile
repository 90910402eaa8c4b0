# Everything a fresh machine needs, from the project's own files. `make site` and `make test`
# are the README's two commands; `make bench` is the province-scale benchmark.
VENV ?= .venv
PY := $(VENV)/bin/python
TZ := $(VENV)/bin/taizhang
PYTEST_WORKERS ?= 2

.PHONY: setup site test lint bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

site: setup
	$(TZ) validate
	mkdir -p build
	$(TZ) export --format json > build/export.json
	@echo "已校验并导出：build/export.json"

lint: setup
	$(PY) -m ruff check src tests scripts
	$(PY) -m ruff format --check src tests scripts
	$(PY) -m mypy

test: setup lint
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
